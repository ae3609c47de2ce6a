package io.bulwark.core.ratelimit;

import io.bulwark.core.ManualClock;
import io.bulwark.core.config.RateLimitConfig;
import io.bulwark.core.identity.UserIdentity;
import io.bulwark.core.ratelimit.Decision.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;

import static io.bulwark.core.ratelimit.Configs.NO_HEADERS;
import static io.bulwark.core.ratelimit.Configs.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** At most max_keys buckets; new keys at the bound share the route's overflow bucket. */
class BucketBoundTest {

    private static final int MAX_KEYS = 100;

    private final ManualClock clock = new ManualClock();
    private final RateLimiter limiter = new RateLimiter(
            Configs.withKeys(Configs.perMinute(3, route("/login", 2)), RateLimitConfig.Key.USER_OR_IP, MAX_KEYS,
                    Duration.ofMinutes(10)),
            UserIdentity.NONE, clock, new SimpleMeterRegistry());

    private static InetAddress address(int n) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 198, (byte) 18, (byte) (n >> 8), (byte) n});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private Decision get(int client) {
        return limiter.decide("GET", "/", address(client), NO_HEADERS);
    }

    @Test
    void aFloodOfDistinctAddressesSharesOneOverflowBucket() {
        for (int n = 0; n < MAX_KEYS; n++) {
            assertEquals(2, get(n).remaining(), "below the bound every client has a bucket of its own");
        }
        assertEquals(MAX_KEYS, limiter.trackedKeys());

        // new clients beyond the bound are limited together, as one client
        assertEquals(2, get(1_000).remaining());
        assertEquals(1, get(1_001).remaining());
        assertEquals(0, get(1_002).remaining());
        for (int n = 1_003; n < 3_000; n++) {
            assertEquals(Outcome.REJECTED, get(n).outcome());
        }
        assertEquals(MAX_KEYS, limiter.trackedKeys());

        // clients that had a bucket keep it
        assertEquals(1, get(5).remaining());
    }

    @Test
    void idleBucketsMakeRoomAgain() {
        for (int n = 0; n < MAX_KEYS; n++) {
            get(n);
        }
        clock.advance(Duration.ofMinutes(10).plusSeconds(20)); // full again 20 s after their one token, then idle
        assertEquals(2, get(5_000).remaining(), "the idle buckets were swept: a bucket of its own");
        assertEquals(1, limiter.trackedKeys());
    }

    @Test
    void aBucketIsDroppedOnlyOnceItIsFullSoDroppingNeverResetsADebt() {
        RateLimiter shortIdle = new RateLimiter(
                Configs.withKeys(Configs.perMinute(3), RateLimitConfig.Key.IP, 10, Duration.ofSeconds(30)),
                UserIdentity.NONE, clock, new SimpleMeterRegistry());
        for (int n = 0; n < 10; n++) {
            shortIdle.decide("GET", "/", address(n), NO_HEADERS); // one token each: full again after 20 s
        }
        shortIdle.decide("GET", "/", address(7), NO_HEADERS);
        shortIdle.decide("GET", "/", address(7), NO_HEADERS); // client 7 is empty: full again after 60 s
        clock.advance(Duration.ofSeconds(55));
        assertEquals(2, shortIdle.decide("GET", "/", address(99), NO_HEADERS).remaining());
        assertEquals(2, shortIdle.trackedKeys(), "client 7 (5 s short of full) and the newcomer");
        assertEquals(1, shortIdle.decide("GET", "/", address(7), NO_HEADERS).remaining(),
                "client 7 kept its debt");
    }

    @Test
    void theBoundHoldsUnderConcurrentFloods() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger maxSeen = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 2_000; i++) {
                    int n = next.getAndIncrement();
                    limiter.decide("GET", n % 2 == 0 ? "/" : "/login", address(n % 60_000), NO_HEADERS);
                    maxSeen.accumulateAndGet(limiter.trackedKeys(), Math::max);
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertTrue(maxSeen.get() <= MAX_KEYS, "saw " + maxSeen.get());
        assertEquals(MAX_KEYS, limiter.trackedKeys());
    }
}
