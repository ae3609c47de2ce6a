package io.bulwark.instrumentation.servlet;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RemotePeerTest {

    @Test
    void ipLiteralsBecomeAddresses() {
        InetSocketAddress v4 = RemotePeer.of("127.0.0.2", 5000);
        assertEquals("127.0.0.2", v4.getAddress().getHostAddress());
        assertEquals(5000, v4.getPort());
        assertEquals("0:0:0:0:0:0:0:1", RemotePeer.of("0:0:0:0:0:0:0:1", 1).getAddress().getHostAddress());
        assertEquals("0:0:0:0:0:0:0:1", RemotePeer.of("::1", 1).getAddress().getHostAddress());
    }

    @Test
    void anythingElseIsNoPeerAndIsNeverLookedUp() {
        assertNull(RemotePeer.of(null, 1));
        assertNull(RemotePeer.of("", 1));
        assertNull(RemotePeer.of("localhost", 1));
        assertNull(RemotePeer.of("cafe.be", 1), "hex letters and dots only, yet a host name");
        assertNull(RemotePeer.of("1".repeat(46), 1));
    }
}
