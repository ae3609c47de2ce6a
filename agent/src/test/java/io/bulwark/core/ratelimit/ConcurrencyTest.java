package io.bulwark.core.ratelimit;

import io.bulwark.core.ManualClock;
import io.bulwark.core.identity.UserIdentity;
import io.bulwark.core.ratelimit.Decision.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.bulwark.core.ratelimit.Configs.NO_HEADERS;
import static io.bulwark.core.ratelimit.Configs.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ConcurrencyTest {

    @Test
    void manyThreadsOnOneKeyNeverGetMoreThanTheCapacity() throws Exception {
        int capacity = 500;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RateLimiter limiter = new RateLimiter(Configs.perMinute(capacity), UserIdentity.NONE, new ManualClock(),
                registry);
        int threads = 16;
        int perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> admitted = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            admitted.add(pool.submit(() -> {
                start.await();
                int allowed = 0;
                for (int i = 0; i < perThread; i++) {
                    if (limiter.decide("GET", "/", ip("192.0.2.1"), NO_HEADERS).outcome() == Outcome.ALLOWED) {
                        allowed++;
                    }
                }
                return allowed;
            }));
        }
        start.countDown();
        int total = 0;
        for (Future<Integer> future : admitted) {
            total += future.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(capacity, total, "the clock stood still: exactly the capacity is admitted");
        assertEquals(threads * perThread - capacity, registry.get("rate_limit.decisions")
                .tags("endpoint", "default", "decision", "rejected").counter().count());
    }
}
