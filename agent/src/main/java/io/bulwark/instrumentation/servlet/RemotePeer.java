package io.bulwark.instrumentation.servlet;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** The socket peer of a servlet request, from its remote address text, without ever resolving a host name. */
public final class RemotePeer {

    private static final int MAX_LITERAL = 45;

    private RemotePeer() {
    }

    /** The peer, or null when the container reported something other than an IP literal. */
    public static InetSocketAddress of(String address, int port) {
        if (address == null || address.isEmpty() || address.length() > MAX_LITERAL || !literal(address)) {
            return null;
        }
        try {
            // an IP literal: InetAddress parses it and does no lookup
            return new InetSocketAddress(InetAddress.getByName(address), Math.max(0, Math.min(port, 65_535)));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean literal(String address) {
        boolean colon = false;
        boolean dottedDecimal = true;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            colon |= c == ':';
            dottedDecimal &= c == '.' || (c >= '0' && c <= '9');
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex && c != '.' && c != ':' && c != '%' && c != '[' && c != ']') {
                return false;
            }
        }
        // a dotted name made of hex letters only ("cafe.be") is not an IPv4 literal
        return colon || dottedDecimal;
    }
}
