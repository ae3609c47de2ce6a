package io.bulwark.core.ratelimit;

import io.bulwark.core.net.IpLiterals;

import java.net.InetAddress;
import java.util.function.Function;

/**
 * Finds the client address of a request. It is the socket peer, unless the peer is a trusted proxy: then the
 * forwarding header is walked right to left (nearest hop first), trusted hops are skipped, and the first untrusted
 * address is the client. When every hop is trusted, the farthest one is taken.
 *
 * <p>{@code X-Forwarded-For} is read when present, otherwise RFC 7239 {@code Forwarded} ({@code for=}). A header
 * that is too long, has too many hops, or holds anything that is not an IP literal (a name, "unknown", an obfuscated
 * identifier) makes the peer the client: a header can never pick an identity unless the trusted proxies vouch for
 * every hop it walks. With no trusted proxies configured (the default) the headers are never read.
 *
 * <p>The caller should pass all values of a repeated header joined with commas (as HTTP defines), so that a value a
 * client sent cannot hide the one a proxy appended on a separate line.
 */
final class ClientAddressResolver {

    private static final int MAX_HEADER_LENGTH = 2_048;
    static final int MAX_HOPS = 16;

    private final CidrSet trustedProxies;

    ClientAddressResolver(CidrSet trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    InetAddress clientAddress(InetAddress peer, Function<String, String> requestHeader) {
        if (trustedProxies.isEmpty() || !trustedProxies.contains(peer)) {
            return peer;
        }
        String forwardedFor = requestHeader.apply("X-Forwarded-For");
        if (forwardedFor != null) {
            return walk(forwardedFor, false, peer);
        }
        String forwarded = requestHeader.apply("Forwarded");
        return forwarded != null ? walk(forwarded, true, peer) : peer;
    }

    private InetAddress walk(String header, boolean rfc7239, InetAddress peer) {
        if (header.length() > MAX_HEADER_LENGTH) {
            return peer;
        }
        int end = header.length();
        for (int hops = 1; hops <= MAX_HOPS; hops++) {
            int comma = header.lastIndexOf(',', end - 1);
            InetAddress hop = rfc7239 ? forParameter(header, comma + 1, end) : node(header, comma + 1, end);
            if (hop == null) {
                return peer;
            }
            if (!trustedProxies.contains(hop)) {
                return hop;
            }
            if (comma < 0) {
                return hop; // every hop is trusted: the farthest one
            }
            end = comma;
        }
        return peer; // more hops than any sane chain of proxies
    }

    /** The address in the {@code for=} parameter of one Forwarded element, such as {@code for="[::1]:80";proto=https}. */
    private static InetAddress forParameter(String header, int from, int to) {
        int pairStart = from;
        while (pairStart < to) {
            int semicolon = indexOf(header, ';', pairStart, to);
            int pairEnd = semicolon < 0 ? to : semicolon;
            int nameStart = skipSpaces(header, pairStart, pairEnd);
            if (pairEnd - nameStart > 4 && header.regionMatches(true, nameStart, "for=", 0, 4)) {
                int valueStart = nameStart + 4;
                int valueEnd = trimEnd(header, valueStart, pairEnd);
                if (valueEnd - valueStart >= 2 && header.charAt(valueStart) == '"'
                        && header.charAt(valueEnd - 1) == '"') {
                    valueStart++;
                    valueEnd--;
                }
                return node(header, valueStart, valueEnd);
            }
            pairStart = pairEnd + 1;
        }
        return null;
    }

    /** One hop: an IPv4 or IPv6 literal, optionally with a port ({@code 1.2.3.4:80}, {@code [::1]:80}). */
    private static InetAddress node(String header, int from, int to) {
        int start = skipSpaces(header, from, to);
        int end = trimEnd(header, start, to);
        if (start < end && header.charAt(start) == '[') {
            int close = indexOf(header, ']', start, end);
            if (close < 0 || (close + 1 < end && !isPort(header, close + 1, end))) {
                return null;
            }
            return IpLiterals.parse(header, start + 1, close);
        }
        int colon = indexOf(header, ':', start, end);
        if (colon < 0) {
            return IpLiterals.parse(header, start, end);
        }
        if (indexOf(header, ':', colon + 1, end) >= 0) {
            return IpLiterals.parse(header, start, end); // several colons: a bare IPv6 literal
        }
        // a single colon can only separate an IPv4 address from its port
        return isPort(header, colon, end) ? IpLiterals.parse(header, start, colon) : null;
    }

    /** {@code :port} where the port is digits or an RFC 7239 obfuscated identifier. */
    private static boolean isPort(String header, int colon, int end) {
        if (header.charAt(colon) != ':' || end - colon < 2 || end - colon > 17) {
            return false;
        }
        for (int i = colon + 1; i < end; i++) {
            char c = header.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpaces(String s, int from, int to) {
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimEnd(String s, int from, int to) {
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return to;
    }
}
