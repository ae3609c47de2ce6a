package io.bulwark.core.ratelimit.redis;

import io.bulwark.core.Clock;
import io.bulwark.core.config.RateLimitConfig;
import io.bulwark.core.config.RateLimitRoute;
import io.bulwark.core.config.RedisRateLimitConfig;
import io.bulwark.core.config.RedisRateLimitConfig.OnFailure;
import io.bulwark.core.identity.UserIdentity;
import io.bulwark.core.ratelimit.Decision;
import io.bulwark.core.ratelimit.RateLimiter;
import io.bulwark.core.ratelimit.RouteLimit;
import io.bulwark.core.ratelimit.UserKey;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Redis backend against a real redis-server: the script's arithmetic, sharing, failures and batching. */
class RedisBucketsTest {

    private static LocalRedis redis;
    private static Jedis client;
    private final List<RedisBuckets> started = new ArrayList<>();
    private final String prefix = "test:" + UUID.randomUUID() + ":";

    @BeforeAll
    static void startRedis() throws Exception {
        redis = LocalRedis.started();
        client = redis.client();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        client.close();
        redis.close();
    }

    @AfterEach
    void closeBackends() {
        started.forEach(RedisBuckets::close);
    }

    @Test
    void decisionsAndHeadersAreThoseOfTheLocalBackend() throws Exception {
        RateLimitConfig config = perMinute(3);
        RateLimiter local = new RateLimiter(config, UserIdentity.NONE, Clock.SYSTEM, new SimpleMeterRegistry());
        RateLimiter shared = limiter(config, start(settings(OnFailure.DENY)), new SimpleMeterRegistry());
        for (int i = 0; i < 5; i++) {
            Decision expected = decide(local, "10.0.0.1");
            Decision actual = decide(shared, "10.0.0.1");
            assertEquals(expected.outcome(), actual.outcome(), "request " + i);
            assertEquals(expected.limit(), actual.limit());
            assertEquals(expected.remaining(), actual.remaining(), "request " + i);
            assertEquals(expected.retryAfterSeconds(), actual.retryAfterSeconds(), "request " + i);
            assertTrue(Math.abs(expected.resetEpochSeconds() - actual.resetEpochSeconds()) <= 1, "request " + i);
        }
        assertEquals(Decision.Outcome.REJECTED, decide(shared, "10.0.0.1").outcome());
        assertEquals(Decision.Outcome.ALLOWED, decide(shared, "10.0.0.2").outcome(), "another key, another bucket");
    }

    @Test
    void instancesShareOneLimit() throws Exception {
        RateLimitConfig config = perMinute(5);
        RateLimiter first = limiter(config, start(settings(OnFailure.LOCAL)), new SimpleMeterRegistry());
        RateLimiter second = limiter(config, start(settings(OnFailure.LOCAL)), new SimpleMeterRegistry());
        int admitted = 0;
        for (int i = 0; i < 10; i++) {
            admitted += decide(i % 2 == 0 ? first : second, "10.0.0.1").rejected() ? 0 : 1;
        }
        assertEquals(5, admitted, "two instances together admit the limit once, not once each");
    }

    @Test
    void aBucketKeyExpiresWhenTheBucketIsFullAgainAndLongKeysAreHashed() throws Exception {
        RedisBuckets buckets = start(settings(OnFailure.DENY));
        RateLimiter limiter = limiter(perMinute(3), buckets, new SimpleMeterRegistry());
        decide(limiter, "10.0.0.1");
        String key = prefix + "default:10.0.0.1";
        long ttl = client.pttl(key);
        assertTrue(ttl > 19_000 && ttl <= 20_000, "one token taken of 3 per minute: full in 20 s, PTTL " + ttl);

        RouteLimit route = new TestRoute("/api/v1/items");
        UserKey longUser = new UserKey("x".repeat(200));
        String hashed = buckets.redisKey(route, longUser);
        assertTrue(hashed.startsWith(prefix + "/api/v1/items:h:") && hashed.length() < prefix.length() + 80, hashed);
        assertEquals(hashed, buckets.redisKey(route, longUser), "the same key every time");
        assertEquals(prefix + "/api/v1/items:u:alice", buckets.redisKey(route, new UserKey("alice")));
        assertEquals(prefix + "/api/v1/items:fe80:0:0:0:0:0:0:1",
            buckets.redisKey(route, InetAddress.getByName("fe80::1%1")), "no interface scope in the key");
    }

    @Test
    void aScriptFlushIsSurvivedWithoutAFailure() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RateLimiter limiter = limiter(perMinute(3), start(settings(OnFailure.DENY), registry), registry);
        assertEquals(2, decide(limiter, "10.0.0.1").remaining());
        assertEquals("OK", client.scriptFlush());
        Decision afterFlush = decide(limiter, "10.0.0.1");
        assertEquals(Decision.Outcome.ALLOWED, afterFlush.outcome());
        assertEquals(1, afterFlush.remaining(), "the same bucket, decided by the reloaded script");
        assertEquals(0, failures(registry), "NOSCRIPT is handled, not a failure");
    }

    @Test
    void unreachableRedisFollowsOnFailure() throws Exception {
        String closedPort = "redis://127.0.0.1:1";
        RateLimiter allow = limiter(perMinute(1), start(settings(OnFailure.ALLOW).withUrl(closedPort)),
            new SimpleMeterRegistry());
        for (int i = 0; i < 3; i++) {
            Decision decision = decide(allow, "10.0.0.1");
            assertEquals(Decision.Outcome.ALLOWED, decision.outcome());
            assertFalse(decision.limited(), "no bucket, so no rate-limit headers");
        }
        RateLimiter deny = limiter(perMinute(1), start(settings(OnFailure.DENY).withUrl(closedPort)),
            new SimpleMeterRegistry());
        Decision denied = decide(deny, "10.0.0.1");
        assertTrue(denied.rejected());
        assertEquals(0, denied.remaining());
        assertEquals(1, denied.retryAfterSeconds());
        RateLimiter local = limiter(perMinute(2), start(settings(OnFailure.LOCAL).withUrl(closedPort)),
            new SimpleMeterRegistry());
        assertFalse(decide(local, "10.0.0.1").rejected());
        assertFalse(decide(local, "10.0.0.1").rejected());
        assertTrue(decide(local, "10.0.0.1").rejected(), "the local bucket of this instance holds the limit");
    }

    @Test
    void aStoppedRedisOpensTheBreakerAndSharedLimitingResumesWhenItIsBack() throws Exception {
        try (LocalRedis own = LocalRedis.started()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            RedisBuckets buckets = start(new RedisRateLimitConfig(own.url(), prefix, Duration.ofMillis(200),
                OnFailure.LOCAL, 2, Duration.ofMillis(300), 1, Duration.ofMillis(100), 4), registry);
            RateLimiter limiter = limiter(perMinute(1_000), buckets, registry);
            decide(limiter, "10.0.0.1");
            assertEquals("redis", buckets.mode());

            own.stop();
            for (int i = 0; i < 5; i++) {
                assertFalse(decide(limiter, "10.0.0.1").rejected(), "answered by the local bucket");
            }
            assertEquals("local", buckets.mode());
            assertTrue(buckets.degraded());
            assertTrue(failures(registry) >= 2);
            assertEquals(1.0, registry.get("rate.limit.backend.mode").tags("mode", "local").gauge().value());
            assertEquals(0.0, registry.get("rate.limit.backend.mode").tags("mode", "redis").gauge().value());

            own.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!buckets.mode().equals("redis")) {
                assertTrue(System.nanoTime() < deadline, "the breaker closes again once Redis answers");
                decide(limiter, "10.0.0.1");
                Thread.sleep(50);
            }
            assertFalse(buckets.degraded());
        }
    }

    @Test
    void startingNeverWaitsForRedis() throws Exception {
        try (LocalRedis own = LocalRedis.started()) {
            own.pause(true); // it accepts connections and answers nothing
            try {
                long begin = System.nanoTime();
                start(new RedisRateLimitConfig(own.url(), prefix, Duration.ofSeconds(5), OnFailure.LOCAL, 2,
                    Duration.ofSeconds(10), 1, Duration.ofMillis(100), 4));
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
                assertTrue(millis < 1_000, "start-up took " + millis + " ms: it must not talk to Redis");
            } finally {
                own.pause(false);
            }
        }
    }

    @Test
    void aPausedRedisCostsAtMostTheTimeoutPerDecision() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RedisBuckets buckets = start(new RedisRateLimitConfig(redis.url(), prefix, Duration.ofMillis(50),
            OnFailure.LOCAL, 1_000, Duration.ofSeconds(10), 1, Duration.ofMillis(100), 4), registry);
        RateLimiter limiter = limiter(perMinute(1_000), buckets, registry);
        decide(limiter, "10.0.0.1");
        redis.pause(true);
        try {
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                assertFalse(decide(limiter, "10.0.0.1").rejected());
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(millis < 500, "waited " + millis + " ms with a 50 ms timeout");
            }
        } finally {
            redis.pause(false);
        }
        assertEquals(3.0, registry.get("rate.limit.backend.failures").tags("reason", "timeout").counter().count());
    }

    @Test
    void aHungRedisOpensTheBreakerAndIsUsedAgainOnceItAnswers() throws Exception {
        try (LocalRedis own = LocalRedis.started()) {
            RedisBuckets buckets = start(new RedisRateLimitConfig(own.url(), prefix, Duration.ofMillis(50),
                OnFailure.LOCAL, 2, Duration.ofMillis(300), 1, Duration.ofMillis(100), 4));
            RateLimiter limiter = limiter(perMinute(1_000), buckets, new SimpleMeterRegistry());
            own.pause(true);
            try {
                for (int i = 0; i < 3; i++) {
                    assertFalse(decide(limiter, "10.0.0.1").rejected());
                }
                assertEquals("local", buckets.mode());
            } finally {
                own.pause(false);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!buckets.mode().equals("redis")) {
                assertTrue(System.nanoTime() < deadline, "the breaker closes again once Redis answers");
                decide(limiter, "10.0.0.1");
                Thread.sleep(50);
            }
        }
    }

    /**
     * The documented bound: N instances leasing n tokens per round trip admit at most N * (n - 1) more than the
     * shared bucket would (capacity + one token per interval elapsed). Instance A leases, the bucket refills, then
     * B drains it while A spends its lease: the overshoot happens, and stays within the bound.
     */
    @Test
    void batchingOvershootStaysWithinTheDocumentedBound() throws Exception {
        int capacity = 10;
        int batch = 5;
        long intervalMillis = 100;
        RedisRateLimitConfig settings = new RedisRateLimitConfig(redis.url(), prefix, Duration.ofMillis(500),
            OnFailure.DENY, 5, Duration.ofSeconds(10), batch, Duration.ofSeconds(10), 4);
        RateLimitConfig config = new RateLimitConfig(true, capacity, Duration.ofMillis(capacity * intervalMillis),
            null, RateLimitConfig.Key.IP, List.of(), List.of(), 1_000, Duration.ofMinutes(10), List.of());
        RateLimiter a = limiter(config, start(settings), new SimpleMeterRegistry());
        RateLimiter b = limiter(config, start(settings), new SimpleMeterRegistry());

        assertFalse(decide(a, "10.0.0.1").rejected()); // A now holds batch - 1 leased tokens
        Thread.sleep(capacity * intervalMillis + 100); // the shared bucket is full again
        long start = System.nanoTime();
        int admittedByB = 0;
        for (int i = 0; i < 3 * capacity; i++) {
            admittedByB += decide(b, "10.0.0.1").rejected() ? 0 : 1;
        }
        int admittedByA = 0;
        for (int i = 0; i < batch - 1; i++) {
            admittedByA += decide(a, "10.0.0.1").rejected() ? 0 : 1;
        }
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        int admitted = admittedByA + admittedByB;
        long bound = capacity + elapsed / intervalMillis + 1 + 2L * (batch - 1);
        assertTrue(admitted <= bound, admitted + " admitted in " + elapsed + " ms, bound " + bound);
        assertTrue(admittedByB >= capacity, "B emptied the full bucket: " + admittedByB);
        assertEquals(batch - 1, admittedByA, "A spent its leased tokens on top of that, without asking Redis");
    }

    @Test
    void aMissingOrBadUriMeansNoRedisBackend() {
        MeterRegistry registry = new SimpleMeterRegistry();
        assertNull(RedisBuckets.start(settings(OnFailure.LOCAL).withUrl(null), 10, registry, Clock.SYSTEM));
        assertNull(RedisBuckets.start(settings(OnFailure.LOCAL).withUrl("http://127.0.0.1:6379"), 10, registry,
            Clock.SYSTEM));
        assertNull(RedisBuckets.start(settings(OnFailure.LOCAL).withUrl("redis://127.0.0.1:6379/x"), 10, registry,
            Clock.SYSTEM));
    }

    private RedisRateLimitConfig settings(OnFailure onFailure) {
        return new RedisRateLimitConfig(redis.url(), prefix, Duration.ofSeconds(1), onFailure, 3,
            Duration.ofSeconds(10), 1, Duration.ofMillis(100), 4);
    }

    private RedisBuckets start(RedisRateLimitConfig settings) {
        return start(settings, new SimpleMeterRegistry());
    }

    private RedisBuckets start(RedisRateLimitConfig settings, MeterRegistry registry) {
        RedisBuckets buckets = RedisBuckets.start(settings, 1_000, registry, Clock.SYSTEM);
        started.add(buckets);
        return buckets;
    }

    private static RateLimiter limiter(RateLimitConfig config, RedisBuckets buckets, MeterRegistry registry) {
        return new RateLimiter(config, UserIdentity.NONE, Clock.SYSTEM, registry, buckets::over);
    }

    private static RateLimitConfig perMinute(int limit) {
        return new RateLimitConfig(true, limit, Duration.ofMinutes(1), null, RateLimitConfig.Key.IP, List.of(),
            List.of(), 1_000, Duration.ofMinutes(10), List.<RateLimitRoute>of());
    }

    private static Decision decide(RateLimiter limiter, String client) throws Exception {
        return limiter.decide("GET", "/x", InetAddress.getByName(client), name -> null);
    }

    private static double failures(SimpleMeterRegistry registry) {
        return registry.find("rate.limit.backend.failures").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private record TestRoute(String name) implements RouteLimit {
        @Override
        public long intervalNanos() {
            return 1_000_000_000L;
        }

        @Override
        public long toleranceNanos() {
            return 0;
        }
    }
}
