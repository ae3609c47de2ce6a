package io.bulwark.core.ratelimit;

import io.bulwark.core.ManualClock;
import io.bulwark.core.identity.UserIdentity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;

import static io.bulwark.core.ratelimit.Configs.NO_HEADERS;
import static io.bulwark.core.ratelimit.Configs.ip;
import static io.bulwark.core.ratelimit.Configs.route;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Once a client has its bucket, a decision allocates little more than the Decision it returns. */
class HotPathAllocationTest {

    @Test
    void aDecisionOnAnExistingBucketAllocatesAlmostNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ManualClock clock = new ManualClock();
        RateLimiter limiter = new RateLimiter(Configs.perMinute(1_000, route("/api/v1/transactions", 200),
                route("/api/v1/transactions/{id}", 100), route("/api/v1/health", 1_000)),
                UserIdentity.NONE, clock, new SimpleMeterRegistry());
        InetAddress client = ip("192.0.2.1");
        int decisions = 100_000;
        for (int i = 0; i < decisions; i++) { // warm up, so that the JIT has done its work
            limiter.decide("GET", "/api/v1/transactions/42", client, NO_HEADERS);
            clock.advance(Duration.ofMillis(1));
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < decisions; i++) {
            limiter.decide("GET", "/api/v1/transactions/42", client, NO_HEADERS);
        }
        long perDecision = (threads.getCurrentThreadAllocatedBytes() - before) / decisions;
        assertTrue(perDecision <= 96, perDecision + " bytes per decision");
    }
}
