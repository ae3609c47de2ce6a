package io.bulwark.core.ratelimit;

import io.bulwark.core.config.Cidr;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static io.bulwark.core.ratelimit.Configs.NO_HEADERS;
import static io.bulwark.core.ratelimit.Configs.headers;
import static io.bulwark.core.ratelimit.Configs.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ClientAddressResolverTest {

    private static final InetAddress PROXY = ip("10.0.0.5");
    private static final InetAddress STRANGER = ip("198.51.100.23");

    private final ClientAddressResolver trusting = new ClientAddressResolver(new CidrSet(List.of(
            Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8"))));
    private final ClientAddressResolver byDefault = new ClientAddressResolver(new CidrSet(List.of()));

    private InetAddress client(ClientAddressResolver resolver, InetAddress peer, String... headers) {
        return resolver.clientAddress(peer, headers(headers));
    }

    @Test
    void withNoTrustedProxiesTheHeadersAreNeverBelieved() {
        assertEquals(PROXY, client(byDefault, PROXY, "X-Forwarded-For", "1.2.3.4"));
        assertEquals(STRANGER, client(byDefault, STRANGER, "Forwarded", "for=1.2.3.4"));
        assertEquals(STRANGER, byDefault.clientAddress(STRANGER, NO_HEADERS));
    }

    @Test
    void anUntrustedPeerCannotSpoofItsAddress() {
        assertEquals(STRANGER, client(trusting, STRANGER, "X-Forwarded-For", "1.2.3.4"));
        assertEquals(STRANGER, client(trusting, STRANGER, "X-Forwarded-For", "10.0.0.7"));
    }

    @Test
    void behindTrustedProxiesTheFirstUntrustedHopFromTheRightIsTheClient() {
        assertEquals(ip("203.0.113.9"), client(trusting, PROXY, "X-Forwarded-For", "203.0.113.9"));
        // the client wrote "1.2.3.4" itself; the proxies appended what they saw
        assertEquals(ip("203.0.113.9"), client(trusting, PROXY, "X-Forwarded-For", "1.2.3.4, 203.0.113.9, 10.1.1.1"));
        assertEquals(ip("203.0.113.9"), client(trusting, PROXY, "x-forwarded-for", " 203.0.113.9:51234 ,10.1.1.1"));
        assertEquals(ip("2001:db8::1"), client(trusting, PROXY, "X-Forwarded-For", "2001:db8::1, fd00::2"));
        assertEquals(ip("2001:db8::1"), client(trusting, PROXY, "X-Forwarded-For", "[2001:db8::1]:443"));
        assertEquals(ip("10.9.9.9"), client(trusting, PROXY, "X-Forwarded-For", "10.9.9.9, 10.1.1.1"),
                "every hop trusted: the farthest one");
        assertEquals(PROXY, client(trusting, PROXY), "no header: the proxy itself");
    }

    @Test
    void rfc7239ForwardedIsReadWhenThereIsNoXForwardedFor() {
        assertEquals(ip("203.0.113.9"), client(trusting, PROXY, "Forwarded", "for=203.0.113.9;proto=https"));
        assertEquals(ip("2001:db8:cafe::17"), client(trusting, PROXY, "Forwarded",
                "for=1.2.3.4, For=\"[2001:db8:cafe::17]:4711\";by=10.0.0.5, for=10.1.1.1"));
        assertEquals(ip("203.0.113.9"), client(trusting, PROXY, "Forwarded", "proto=http; for=203.0.113.9"));
        assertEquals(ip("203.0.113.9"), client(trusting, PROXY,
                "X-Forwarded-For", "203.0.113.9", "Forwarded", "for=1.2.3.4"));
    }

    @Test
    void malformedOrOversizedHeadersFallBackToThePeer() {
        String[] malformed = {
            "", ",", "1.2.3.4,", "not-an-ip", "example.com", "unknown", "1.2.3", "1.2.3.256", "01.2.3.4",
            "1.2.3.4:", "1.2.3.4:80:90", "[2001:db8::1", "2001:db8::1%eth0", "1.2.3.4 5.6.7.8", "1.2.3.4\u0000"
        };
        for (String value : malformed) {
            assertEquals(PROXY, client(trusting, PROXY, "X-Forwarded-For", value), value);
        }
        assertEquals(PROXY, client(trusting, PROXY, "Forwarded", "for=unknown"));
        assertEquals(PROXY, client(trusting, PROXY, "Forwarded", "for=_hidden"));
        assertEquals(PROXY, client(trusting, PROXY, "Forwarded", "proto=https"));
        assertEquals(PROXY, client(trusting, PROXY, "X-Forwarded-For", "1.2.3.4, " + "10.0.0.1,".repeat(500) + "10.0.0.1"));
        String manyTrustedHops = "1.2.3.4" + ", 10.0.0.1".repeat(ClientAddressResolver.MAX_HOPS);
        assertEquals(PROXY, client(trusting, PROXY, "X-Forwarded-For", manyTrustedHops));
        assertEquals(ip("1.2.3.4"), client(trusting, PROXY, "X-Forwarded-For",
                "1.2.3.4" + ", 10.0.0.1".repeat(ClientAddressResolver.MAX_HOPS - 1)));
    }
}
