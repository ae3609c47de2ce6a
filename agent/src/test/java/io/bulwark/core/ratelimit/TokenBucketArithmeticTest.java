package io.bulwark.core.ratelimit;

import io.bulwark.core.ManualClock;
import io.bulwark.core.config.RateLimitConfig;
import io.bulwark.core.config.RateLimitRoute;
import io.bulwark.core.identity.UserIdentity;
import io.bulwark.core.ratelimit.Decision.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static io.bulwark.core.ratelimit.Configs.NO_HEADERS;
import static io.bulwark.core.ratelimit.Configs.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Header arithmetic of one bucket over bursts and time, with a manual clock. */
class TokenBucketArithmeticTest {

    private static final long START_EPOCH_SECONDS = 1_800_000_000L;
    private static final InetAddress CLIENT = ip("203.0.113.7");

    private final ManualClock clock = new ManualClock(START_EPOCH_SECONDS * 1000);

    private RateLimiter limiter(RateLimitConfig config) {
        return new RateLimiter(config, UserIdentity.NONE, clock, new SimpleMeterRegistry());
    }

    private Decision get(RateLimiter limiter) {
        return limiter.decide("GET", "/anything", CLIENT, NO_HEADERS);
    }

    @Test
    void aBurstCountsDownThenIsRejectedWithRetryAfter() {
        RateLimiter limiter = limiter(Configs.perMinute(5));
        for (int expectedRemaining = 4; expectedRemaining >= 0; expectedRemaining--) {
            Decision decision = get(limiter);
            assertEquals(Outcome.ALLOWED, decision.outcome());
            assertEquals(5, decision.limit());
            assertEquals(expectedRemaining, decision.remaining());
            // one token refills every 12 s; the bucket is full again once every spent token is back
            assertEquals(START_EPOCH_SECONDS + 12L * (5 - expectedRemaining), decision.resetEpochSeconds());
        }
        Decision rejected = get(limiter);
        assertEquals(Outcome.REJECTED, rejected.outcome());
        assertTrue(rejected.rejected());
        assertEquals(0, rejected.remaining());
        assertEquals(12, rejected.retryAfterSeconds());
        assertEquals(START_EPOCH_SECONDS + 60, rejected.resetEpochSeconds());

        Map<String, String> headers = new LinkedHashMap<>();
        rejected.forEachHeader(headers::put);
        assertEquals(Map.of("X-RateLimit-Limit", "5", "X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset", Long.toString(START_EPOCH_SECONDS + 60), "Retry-After", "12"), headers);
    }

    @Test
    void tokensComeBackOverTime() {
        RateLimiter limiter = limiter(Configs.perMinute(5));
        for (int i = 0; i < 5; i++) {
            get(limiter);
        }
        clock.advance(Duration.ofSeconds(7));
        Decision stillEmpty = get(limiter);
        assertEquals(Outcome.REJECTED, stillEmpty.outcome());
        assertEquals(5, stillEmpty.retryAfterSeconds()); // 12 - 7

        clock.advance(Duration.ofMillis(4_500));
        assertEquals(1, get(limiter).retryAfterSeconds(), "0.5 s left rounds up to a whole second");

        clock.advance(Duration.ofMillis(500));
        Decision refilled = get(limiter);
        assertEquals(Outcome.ALLOWED, refilled.outcome());
        assertEquals(0, refilled.remaining());
        assertEquals(START_EPOCH_SECONDS + 12 + 60, refilled.resetEpochSeconds());
        assertEquals(Outcome.REJECTED, get(limiter).outcome());

        clock.advance(Duration.ofMinutes(5)); // far longer than a window: the bucket is full, never fuller
        assertEquals(4, get(limiter).remaining());
    }

    @Test
    void allowedResponsesCarryNoRetryAfter() {
        Decision allowed = get(limiter(Configs.perMinute(5)));
        Map<String, String> headers = new LinkedHashMap<>();
        allowed.forEachHeader(headers::put);
        assertEquals(Set.of("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"), headers.keySet());
        assertNull(allowed.retryAfterHeader());
        assertEquals(0, allowed.retryAfterSeconds());
    }

    @Test
    void burstSetsTheCapacityAndWindowTheRefillRate() {
        // 6 per 30 s (one token every 5 s) with room for a burst of 10
        RateLimiter limiter = limiter(Configs.perMinute(100,
                new RateLimitRoute("/", Set.of(), 6, Duration.ofSeconds(30), 10, false)));
        for (int i = 9; i >= 0; i--) {
            Decision decision = get(limiter);
            assertEquals(10, decision.limit());
            assertEquals(i, decision.remaining());
        }
        Decision rejected = get(limiter);
        assertEquals(Outcome.REJECTED, rejected.outcome());
        assertEquals(5, rejected.retryAfterSeconds());
        assertEquals(START_EPOCH_SECONDS + 50, rejected.resetEpochSeconds());
        clock.advance(Duration.ofSeconds(5));
        assertEquals(Outcome.ALLOWED, get(limiter).outcome());
    }

    @Test
    void defaultBurstAndWindowComeFromTheTopLevel() {
        RateLimitConfig config = new RateLimitConfig(true, 2, Duration.ofSeconds(10), 3, RateLimitConfig.Key.IP,
                java.util.List.of(), java.util.List.of(), 100, Duration.ofMinutes(1), java.util.List.of());
        RateLimiter limiter = limiter(config);
        assertEquals(2, get(limiter).remaining());
        assertEquals(1, get(limiter).remaining());
        assertEquals(0, get(limiter).remaining());
        assertEquals(5, get(limiter).retryAfterSeconds()); // 2 per 10 s: a token every 5 s
    }

    @Test
    void disabledLimitsNothingAndSetsNoHeaders() {
        RateLimiter limiter = limiter(Configs.perMinute(1).withEnabled(false));
        for (int i = 0; i < 10; i++) {
            Decision decision = get(limiter);
            assertEquals(Outcome.ALLOWED, decision.outcome());
            assertFalse(decision.limited());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        get(limiter).forEachHeader(headers::put);
        assertTrue(headers.isEmpty());
    }
}
