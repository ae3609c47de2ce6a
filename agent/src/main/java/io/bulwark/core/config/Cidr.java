package io.bulwark.core.config;

import io.bulwark.core.net.IpLiterals;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 network such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a single host.
 * Parsing never does a DNS lookup.
 */
public record Cidr(InetAddress network, int prefixLength) {

    public Cidr {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be 0.." + bits + ", got " + prefixLength);
        }
    }

    /** Parses {@code address[/prefix]}; the message of the exception says what is wrong. */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        byte[] address = parseAddress(addressText);
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String prefixText = text.substring(slash + 1);
            if (!prefixText.matches("[0-9]{1,3}") || Integer.parseInt(prefixText) > bits) {
                throw new IllegalArgumentException("prefix length must be 0.." + bits + ", got '" + prefixText + "'");
            }
            prefix = Integer.parseInt(prefixText);
        }
        byte[] network = mask(address, prefix);
        Cidr cidr = new Cidr(toInetAddress(network), prefix);
        if (!Arrays.equals(network, address)) {
            throw new IllegalArgumentException("host bits are set (did you mean " + cidr + "?)");
        }
        return cidr;
    }

    /** Whether {@code address} lies inside this network; an address of the other IP family never does. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.getAddress().length
                && Arrays.equals(mask(bytes, prefixLength), network.getAddress());
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    private static byte[] parseAddress(String text) {
        InetAddress parsed = IpLiterals.parse(text, 0, text.length());
        if (parsed == null) {
            throw new IllegalArgumentException("not an IP address");
        }
        if (parsed instanceof Inet4Address && text.indexOf(':') >= 0) {
            throw new IllegalArgumentException("IPv4-mapped IPv6 addresses are not supported; write the IPv4 form");
        }
        return parsed.getAddress();
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xFF << (8 - keep));
        }
        return masked;
    }

    private static InetAddress toInetAddress(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only thrown for a wrong array length, which parseAddress rules out
        }
    }
}
