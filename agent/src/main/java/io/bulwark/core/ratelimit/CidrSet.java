package io.bulwark.core.ratelimit;

import io.bulwark.core.config.Cidr;

import java.net.InetAddress;
import java.util.List;

/** A fixed list of networks, tested against an address with one small copy of its bytes and no other allocation. */
final class CidrSet {

    private final byte[][] networks;
    private final int[] prefixLengths;

    CidrSet(List<Cidr> cidrs) {
        networks = new byte[cidrs.size()][];
        prefixLengths = new int[cidrs.size()];
        for (int i = 0; i < cidrs.size(); i++) {
            networks[i] = cidrs.get(i).network().getAddress();
            prefixLengths[i] = cidrs.get(i).prefixLength();
        }
    }

    boolean isEmpty() {
        return networks.length == 0;
    }

    boolean contains(InetAddress address) {
        if (networks.length == 0) {
            return false;
        }
        byte[] bytes = address.getAddress();
        for (int i = 0; i < networks.length; i++) {
            if (networks[i].length == bytes.length && samePrefix(networks[i], bytes, prefixLengths[i])) {
                return true;
            }
        }
        return false;
    }

    private static boolean samePrefix(byte[] network, byte[] address, int prefixLength) {
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (network[i] != address[i]) {
                return false;
            }
        }
        int restBits = prefixLength % 8;
        if (restBits == 0) {
            return true;
        }
        int mask = 0xFF << (8 - restBits);
        return (network[fullBytes] & mask) == (address[fullBytes] & mask);
    }
}
