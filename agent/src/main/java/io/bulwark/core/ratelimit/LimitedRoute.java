package io.bulwark.core.ratelimit;

import io.bulwark.core.ratelimit.Decision.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One configured route (or the default) with everything a decision on it needs, built once: its bucket shape, its
 * buckets per client key, the shared overflow bucket used when the key bound is reached, and its metric counters.
 */
final class LimitedRoute implements RouteLimit {

    static final String DECISIONS_METRIC = "rate_limit.decisions";

    final String label;
    private final String name;
    final BucketLimit limit;
    final boolean shadow;
    final ConcurrentHashMap<Object, TokenBucket> buckets = new ConcurrentHashMap<>();
    final TokenBucket overflow;
    final Decision bypassed;
    /** The decision when the backend admits without a bucket (Redis unreachable, on_failure: allow). */
    final Decision unbounded;
    private final Counter[] counters = new Counter[Outcome.values().length]; // by ordinal

    LimitedRoute(String label, String name, BucketLimit limit, boolean shadow, long nowNanos,
                 MeterRegistry registry) {
        this.label = label;
        this.name = name;
        this.limit = limit;
        this.shadow = shadow;
        this.overflow = new TokenBucket(nowNanos);
        this.bypassed = new Decision(Outcome.BYPASSED, label, false, limit.capacity(), 0, 0, 0);
        this.unbounded = new Decision(Outcome.ALLOWED, label, false, limit.capacity(), 0, 0, 0);
        for (Outcome outcome : Outcome.values()) {
            counters[outcome.ordinal()] = Counter.builder(DECISIONS_METRIC)
                    .description("Rate-limit decisions by route and outcome")
                    .tag("endpoint", label)
                    .tag("decision", outcome.tag())
                    .register(registry);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long intervalNanos() {
        return limit.intervalNanos();
    }

    @Override
    public long toleranceNanos() {
        return limit.toleranceNanos();
    }

    void count(Outcome outcome) {
        counters[outcome.ordinal()].increment();
    }
}
