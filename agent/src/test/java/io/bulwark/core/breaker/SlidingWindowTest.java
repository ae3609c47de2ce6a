package io.bulwark.core.breaker;

import io.bulwark.bootstrap.DownstreamCall;
import io.bulwark.core.breaker.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Rate thresholds over a window of 10 calls, judged once 5 calls are in it (see TestBreakers.withRates). */
class SlidingWindowTest {

    private static final SocketTimeoutException TIMEOUT = new SocketTimeoutException("Read timed out");

    @Test
    void opensWhenTheFailureRateReachesItsThresholdOnceMinimumCallsWereSeen() {
        TestBreakers t = new TestBreakers(TestBreakers.withRates(50.0, null, null));
        // alternating outcomes never reach 5 consecutive failures
        t.fail("kafka", 1, TIMEOUT);
        t.succeed("kafka", 1);
        t.fail("kafka", 1, TIMEOUT);
        t.succeed("kafka", 1);
        assertEquals(State.CLOSED, t.state("kafka"), "4 calls are below minimum_calls");
        t.fail("kafka", 1, TIMEOUT);
        assertEquals(State.OPEN, t.state("kafka"), "3 failures in 5 calls = 60% >= 50%");
    }

    @Test
    void staysClosedBelowTheFailureRateAsOldOutcomesLeaveTheWindow() {
        TestBreakers t = new TestBreakers(TestBreakers.withRates(50.0, null, null));
        for (int i = 0; i < 10; i++) {
            t.fail("kafka", 1, TIMEOUT);
            t.succeed("kafka", 2);
        }
        // every window of 10 holds 3 or 4 failures: 40% at most
        assertEquals(State.CLOSED, t.state("kafka"));
    }

    @Test
    void opensWhenTheSlowCallRateReachesItsThreshold() {
        TestBreakers t = new TestBreakers(TestBreakers.withRates(null, 80.0, Duration.ofSeconds(2)));
        for (int i = 0; i < 3; i++) {
            slowSuccess(t, Duration.ofSeconds(2));
        }
        t.succeed("elasticsearch", 1);
        slowSuccess(t, Duration.ofMillis(1999));
        assertEquals(State.CLOSED, t.state("elasticsearch"), "3 slow calls in 5 = 60%");
        for (int i = 0; i < 4; i++) {
            slowSuccess(t, Duration.ofSeconds(3));
        }
        assertEquals(State.CLOSED, t.state("elasticsearch"), "7 slow calls in 9 = 77.8%");
        slowSuccess(t, Duration.ofSeconds(3));
        assertEquals(State.OPEN, t.state("elasticsearch"), "8 slow calls in 10 = 80%");
    }

    @Test
    void aSlowProbeReopensTheBreaker() {
        TestBreakers t = new TestBreakers(TestBreakers.withRates(null, 50.0, Duration.ofSeconds(1)));
        t.fail("elasticsearch", 5, TIMEOUT);
        t.clock.advance(Duration.ofSeconds(60));
        slowSuccess(t, Duration.ofSeconds(1));
        assertEquals(State.OPEN, t.state("elasticsearch"));
    }

    private static void slowSuccess(TestBreakers t, Duration duration) {
        DownstreamCall call = t.engine.start("elasticsearch", "request");
        t.clock.advance(duration);
        call.success();
    }
}
