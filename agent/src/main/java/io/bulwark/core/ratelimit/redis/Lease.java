package io.bulwark.core.ratelimit.redis;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tokens taken from Redis in one round trip beyond the one the leasing request used, handed out by this instance
 * alone until they run out or the lease expires (unused ones are lost: batching can only under-use the shared bucket
 * by them, never over-use it).
 */
final class Lease {

    private final AtomicInteger left;
    private final long fullAtNanos;
    private final long expiresAtNanos;
    private final long intervalNanos;

    /** @param debtNanos the bucket's debt right after the lease was taken, counting every leased token */
    Lease(int tokens, long debtNanos, long intervalNanos, long nowNanos, long maxAgeNanos) {
        this.left = new AtomicInteger(tokens);
        this.fullAtNanos = nowNanos + debtNanos;
        this.intervalNanos = intervalNanos;
        this.expiresAtNanos = nowNanos + maxAgeNanos;
    }

    /** Whether it may still hand out a token. */
    boolean usable(long nowNanos) {
        return left.get() > 0 && nowNanos - expiresAtNanos < 0;
    }

    /**
     * Takes a token: the debt to report for it (as if the tokens still leased were back in the bucket), or 0 when
     * the lease is spent or expired.
     */
    long take(long nowNanos) {
        if (nowNanos - expiresAtNanos >= 0) {
            return 0;
        }
        while (true) {
            int tokens = left.get();
            if (tokens <= 0) {
                return 0;
            }
            if (left.compareAndSet(tokens, tokens - 1)) {
                return Math.max(1, fullAtNanos - nowNanos - (tokens - 1L) * intervalNanos);
            }
        }
    }
}
