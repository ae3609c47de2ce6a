package io.bulwark.core.breaker;

import io.bulwark.bootstrap.DownstreamCall;
import io.bulwark.core.breaker.CircuitBreaker.State;
import io.bulwark.core.config.ServiceOverrides;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Downstream.rejects: the gate for calls that only wait for protected calls, such as a pool checkout. */
class CheckoutGateTest {

    private static final ConnectException DOWN = new ConnectException("Connection refused");

    @Test
    void rejectsOnlyWhileOpenAndCountsTheRejection() {
        TestBreakers t = new TestBreakers();
        assertFalse(t.engine.rejects("database", "connect"));
        t.fail("database", 5, DOWN);
        assertTrue(t.engine.rejects("database", "connect"));
        assertEquals(1, t.calls("database", "connect", "rejected"));
        assertEquals(0, t.calls("database", "connect", "success"));
        assertEquals(0, t.timed("database", "connect"));
    }

    @Test
    void recordsNothingWhileClosed() {
        TestBreakers t = new TestBreakers();
        t.fail("database", 4, DOWN);
        assertFalse(t.engine.rejects("database", "connect"));
        t.fail("database", 1, DOWN);
        assertEquals(State.OPEN, t.state("database"), "the gate did not reset the consecutive failures");
        assertEquals(0, t.calls("database", "connect", "success"));
    }

    @Test
    void holdsNoHalfOpenProbeSoTheCallItWaitsForStillGetsOne() {
        TestBreakers t = new TestBreakers(TestBreakers.withServices(
            Map.of("database", ServiceOverrides.NONE), 1));
        t.fail("database", 5, DOWN);
        t.clock.advance(Duration.ofSeconds(60));
        for (int i = 0; i < 3; i++) {
            assertFalse(t.engine.rejects("database", "connect"), "half-open lets checkouts wait");
        }
        DownstreamCall connect = t.engine.start("database", "connect");
        assertTrue(connect.permitted(), "the only probe permit is still free for the pool's connect");
        connect.success();
        t.succeed("database", 1);
        assertEquals(State.CLOSED, t.state("database"));
    }

    @Test
    void anUnknownServiceUsesTheFallbackBreaker() {
        TestBreakers t = new TestBreakers();
        assertFalse(t.engine.rejects("mystery", "connect"));
        t.fail("mystery", 5, DOWN);
        assertTrue(t.engine.rejects("other", "connect"));
    }
}
