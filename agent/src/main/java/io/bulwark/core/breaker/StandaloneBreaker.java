package io.bulwark.core.breaker;

import io.bulwark.core.Clock;

import java.time.Duration;

/**
 * A breaker of the agent's own, outside {@link CircuitBreakers}: no application service, no
 * {@code external_service_*} meters, not in /health's services. It opens after {@code failureThreshold}
 * consecutive failures, and after {@code openTimeout} lets one probe through, which closes it on success.
 */
public final class StandaloneBreaker {

    private final CircuitBreaker breaker;

    public StandaloneBreaker(String name, int failureThreshold, Duration openTimeout, Clock clock) {
        long openNanos;
        try {
            openNanos = openTimeout.toNanos();
        } catch (ArithmeticException tooLong) {
            openNanos = Long.MAX_VALUE;
        }
        this.breaker = new CircuitBreaker(name, new BreakerSettings(failureThreshold, openNanos, 1, 1, 0, 0,
            Long.MAX_VALUE, 1, 1, 0), clock);
    }

    /** A permit for one call, to hand back to {@link #success} or {@link #failure}; null while the breaker is open. */
    public Object permit() {
        return breaker.acquire();
    }

    public void success(Object permit) {
        breaker.onSuccess((CircuitBreaker.Phase) permit, 0);
    }

    public void failure(Object permit, Throwable error) {
        breaker.onFailure((CircuitBreaker.Phase) permit, 0, error);
    }

    public CircuitBreaker.State state() {
        return breaker.state();
    }
}
