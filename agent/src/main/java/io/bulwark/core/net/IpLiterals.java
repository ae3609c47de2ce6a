package io.bulwark.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses IP address literals (from request headers, and from the configuration's CIDRs). Never resolves a name and
 * never throws: anything that is not a plain IPv4 or IPv6 literal (names, zone IDs, "unknown", obfuscated
 * identifiers, IPv4 with leading zeros) yields null.
 */
public final class IpLiterals {

    /** Longest IPv6 text form, e.g. {@code ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255}. */
    private static final int MAX_LENGTH = 45;

    private IpLiterals() {
    }

    /** The address written in {@code text[from, to)}, or null. */
    public static InetAddress parse(String text, int from, int to) {
        int length = to - from;
        if (length <= 0 || length > MAX_LENGTH) {
            return null;
        }
        boolean colon = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == ':') {
                colon = true;
            } else if (!(c == '.' || isHexDigit(c))) {
                return null;
            }
        }
        return colon ? parseIpv6(text.substring(from, to)) : parseIpv4(text, from, to);
    }

    private static InetAddress parseIpv4(String text, int from, int to) {
        byte[] address = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = from; i <= to; i++) {
            char c = i == to ? '.' : text.charAt(i);
            if (c == '.') {
                if (digits == 0 || part == 4) {
                    return null;
                }
                address[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && !(digits == 1 && value == 0)) { // no leading zeros: 010 is ambiguous
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? byAddress(address) : null;
    }

    private static InetAddress parseIpv6(String literal) {
        try {
            // Only hex digits, colons and dots reach here, so this parses a literal and never does a lookup.
            return InetAddress.getByName(literal);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    private static InetAddress byAddress(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            return null; // only for a wrong array length, which cannot happen here
        }
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
