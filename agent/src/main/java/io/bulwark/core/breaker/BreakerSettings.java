package io.bulwark.core.breaker;

import io.bulwark.core.config.CircuitBreakerConfig;

import java.time.Duration;

/**
 * One service's breaker settings, resolved from circuit_breakers (per-service overrides applied) into the
 * primitive form the hot path compares against. A rate threshold of 0 means "not used"; so does a
 * {@code slowCallNanos} of {@link Long#MAX_VALUE}.
 */
record BreakerSettings(int failureThreshold, long openTimeoutNanos, int halfOpenSuccesses, int halfOpenMaxProbes,
                       double failureRateThreshold, double slowCallRateThreshold, long slowCallNanos,
                       int windowSize, int minimumCalls, long callTimeoutMillis) {

    static BreakerSettings of(CircuitBreakerConfig config, String service) {
        boolean slowCallsJudged = config.slowCallRateThreshold() != null && config.slowCallDuration() != null;
        return new BreakerSettings(
            config.failureThreshold(service),
            nanos(config.openTimeout(service)),
            config.halfOpenSuccesses(service),
            config.halfOpenMaxProbes(),
            config.failureRateThreshold() == null ? 0 : config.failureRateThreshold(),
            slowCallsJudged ? config.slowCallRateThreshold() : 0,
            slowCallsJudged ? nanos(config.slowCallDuration()) : Long.MAX_VALUE,
            config.slidingWindowSize(),
            config.minimumCalls(),
            config.callTimeout(service).toMillis());
    }

    /** Whether calls are remembered in a sliding window at all (only when a rate threshold is configured). */
    boolean usesWindow() {
        return failureRateThreshold > 0 || slowCallRateThreshold > 0;
    }

    boolean isSlow(long durationNanos) {
        return durationNanos >= slowCallNanos;
    }

    private static long nanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
