package io.bulwark.core.ratelimit;

import io.bulwark.core.ratelimit.Decision.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One configured route (or the default) with everything a decision on it needs, built once: its bucket shape, its
 * buckets per client key, the shared overflow bucket used when the key bound is reached, and its metric counters.
 */
final class LimitedRoute {

    static final String DECISIONS_METRIC = "rate_limit.decisions";

    final String label;
    final BucketLimit limit;
    final boolean shadow;
    final ConcurrentHashMap<Object, TokenBucket> buckets = new ConcurrentHashMap<>();
    final TokenBucket overflow;
    final Decision bypassed;
    private final Counter[] counters = new Counter[Outcome.values().length]; // by ordinal

    LimitedRoute(String label, BucketLimit limit, boolean shadow, long nowNanos, MeterRegistry registry) {
        this.label = label;
        this.limit = limit;
        this.shadow = shadow;
        this.overflow = new TokenBucket(nowNanos);
        this.bypassed = new Decision(Outcome.BYPASSED, label, false, limit.capacity(), 0, 0, 0);
        for (Outcome outcome : Outcome.values()) {
            counters[outcome.ordinal()] = Counter.builder(DECISIONS_METRIC)
                    .description("Rate-limit decisions by route and outcome")
                    .tag("endpoint", label)
                    .tag("decision", outcome.tag())
                    .register(registry);
        }
    }

    void count(Outcome outcome) {
        counters[outcome.ordinal()].increment();
    }
}
