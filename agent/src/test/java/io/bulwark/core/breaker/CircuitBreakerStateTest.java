package io.bulwark.core.breaker;

import io.bulwark.bootstrap.DownstreamCall;
import io.bulwark.core.breaker.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitBreakerStateTest {

    private static final IOException DOWN = new ConnectException("Connection refused");

    @Test
    void opensAfterFiveConsecutiveFailures() {
        TestBreakers t = new TestBreakers();
        t.fail("redis", 4, DOWN);
        assertEquals(State.CLOSED, t.state("redis"));
        t.fail("redis", 1, DOWN);
        assertEquals(State.OPEN, t.state("redis"));
        assertEquals(State.CLOSED, t.state("kafka"), "breakers are per service");
    }

    @Test
    void aSuccessResetsTheConsecutiveFailures() {
        TestBreakers t = new TestBreakers();
        t.fail("redis", 4, DOWN);
        t.succeed("redis", 1);
        t.fail("redis", 4, DOWN);
        assertEquals(State.CLOSED, t.state("redis"));
    }

    @Test
    void rejectsWithoutRecordingACallWhileOpen() {
        TestBreakers t = new TestBreakers();
        t.fail("redis", 5, DOWN);
        t.clock.advance(Duration.ofSeconds(59));

        DownstreamCall rejected = t.engine.start("redis", "command");
        assertFalse(rejected.permitted());
        rejected.success(); // an instrumentation that records anyway changes nothing
        rejected.failure(DOWN);

        assertEquals(1, t.calls("redis", "command", "rejected"));
        assertEquals(0, t.calls("redis", "command", "success"));
        assertEquals(5, t.calls("redis", "command", "failure"));
        assertEquals(5, t.timed("redis", "command"), "a rejected call is not timed");
        assertEquals(State.OPEN, t.state("redis"));
    }

    @Test
    void becomesHalfOpenExactlyAtTheOpenTimeout() {
        TestBreakers t = new TestBreakers();
        t.fail("redis", 5, DOWN);
        t.clock.advance(Duration.ofSeconds(60).minusNanos(1));
        assertFalse(t.engine.start("redis", "command").permitted());
        assertEquals(State.OPEN, t.state("redis"));

        t.clock.advance(Duration.ofNanos(1));
        assertEquals(State.HALF_OPEN, t.state("redis"));
        assertTrue(t.engine.start("redis", "command").permitted());
    }

    @Test
    void halfOpenClosesAfterTwoSuccessfulProbes() {
        TestBreakers t = halfOpenRedis();
        t.succeed("redis", 1);
        assertEquals(State.HALF_OPEN, t.state("redis"));
        t.succeed("redis", 1);
        assertEquals(State.CLOSED, t.state("redis"));
        t.fail("redis", 4, DOWN);
        assertEquals(State.CLOSED, t.state("redis"), "closing starts a fresh count of consecutive failures");
    }

    @Test
    void aFailedProbeReopensForAnotherOpenTimeout() {
        TestBreakers t = halfOpenRedis();
        t.succeed("redis", 1);
        t.fail("redis", 1, DOWN);
        assertEquals(State.OPEN, t.state("redis"));
        t.clock.advance(Duration.ofSeconds(59));
        assertFalse(t.engine.start("redis", "command").permitted());
        t.clock.advance(Duration.ofSeconds(1));
        assertEquals(State.HALF_OPEN, t.state("redis"));
    }

    @Test
    void halfOpenLetsOnlyTheConfiguredNumberOfProbesRunAtOnce() {
        TestBreakers t = halfOpenRedis();
        DownstreamCall first = t.engine.start("redis", "command");
        DownstreamCall second = t.engine.start("redis", "command");
        assertTrue(first.permitted() && second.permitted());
        assertFalse(t.engine.start("redis", "command").permitted());

        first.failure(new InterruptedException()); // not counted, but it frees its probe slot
        assertEquals(State.HALF_OPEN, t.state("redis"));
        assertTrue(t.engine.start("redis", "command").permitted());
    }

    @Test
    void twentyThreadsRacingForProbesGetAtMostTheBound() throws Exception {
        TestBreakers t = halfOpenRedis();
        int threads = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Callable<DownstreamCall>> racers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                racers.add(() -> {
                    ready.countDown();
                    go.await();
                    return t.engine.start("redis", "command");
                });
            }
            List<Future<DownstreamCall>> futures = new ArrayList<>();
            for (Callable<DownstreamCall> racer : racers) {
                futures.add(pool.submit(racer));
            }
            ready.await();
            go.countDown();
            int permitted = 0;
            for (Future<DownstreamCall> future : futures) {
                if (future.get(10, TimeUnit.SECONDS).permitted()) {
                    permitted++;
                }
            }
            assertEquals(2, permitted);
            assertEquals(18, t.calls("redis", "command", "rejected"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anOutcomeOnlyCountsInThePhaseThatPermittedTheCall() {
        TestBreakers t = new TestBreakers();
        DownstreamCall slowCallFromBefore = t.engine.start("redis", "command");
        t.fail("redis", 5, DOWN);
        t.clock.advance(Duration.ofSeconds(60));
        assertEquals(State.HALF_OPEN, t.state("redis"));

        slowCallFromBefore.failure(DOWN);
        assertEquals(State.HALF_OPEN, t.state("redis"), "a call permitted while closed is not a probe");
        assertEquals(6, t.calls("redis", "command", "failure"), "but it is still counted in the metrics");
    }

    @Test
    void anOutcomeIsRecordedOnlyOnce() {
        TestBreakers t = new TestBreakers();
        DownstreamCall call = t.engine.start("redis", "command");
        call.failure(DOWN);
        call.failure(DOWN);
        call.success();
        assertEquals(1, t.calls("redis", "command", "failure"));
        assertEquals(0, t.calls("redis", "command", "success"));
        t.fail("redis", 4, DOWN);
        assertEquals(State.OPEN, t.state("redis"));
    }

    private static TestBreakers halfOpenRedis() {
        TestBreakers t = new TestBreakers();
        t.fail("redis", 5, DOWN);
        t.clock.advance(Duration.ofSeconds(60));
        assertEquals(State.HALF_OPEN, t.state("redis"));
        return t;
    }
}
