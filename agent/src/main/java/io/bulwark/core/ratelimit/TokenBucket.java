package io.bulwark.core.ratelimit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A token bucket kept as a single number: the monotonic time (nanoseconds) at which it is full again. Holding
 * {@code capacity - (fullAt - now) / interval} tokens is the same as counting tokens with continuous refill, but the
 * state fits one compare-and-set: no lock, and no allocation per decision. A rejected request leaves the bucket as
 * it was, so rejections (real or shadow) never drive it below zero.
 */
final class TokenBucket {

    private static final VarHandle FULL_AT;

    static {
        try {
            FULL_AT = MethodHandles.lookup().findVarHandle(TokenBucket.class, "fullAt", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through FULL_AT
    private volatile long fullAt;

    /** A full bucket. */
    TokenBucket(long nowNanos) {
        fullAt = nowNanos;
    }

    /**
     * Takes one token if there is one.
     *
     * @return when admitted, the debt after taking the token (nanoseconds until full again, always > 0); when
     *         rejected, the negated current debt (always < 0)
     */
    long tryTake(BucketLimit limit, long nowNanos) {
        long tolerance = limit.toleranceNanos();
        while (true) {
            long current = (long) FULL_AT.getVolatile(this);
            long debt = Math.max(0, current - nowNanos);
            if (debt > tolerance) {
                return -debt;
            }
            long newDebt = debt + limit.intervalNanos();
            if (FULL_AT.compareAndSet(this, current, nowNanos + newDebt)) {
                return newDebt;
            }
        }
    }

    /** Whether the bucket has been full (untouched) for at least {@code idleNanos}, so dropping it changes nothing. */
    boolean idleSince(long nowNanos, long idleNanos) {
        return nowNanos - (long) FULL_AT.getVolatile(this) >= idleNanos;
    }
}
