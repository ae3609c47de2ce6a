package io.bulwark.core.ratelimit;

import java.time.Duration;

/**
 * The shape of a token bucket: it holds {@code capacity} tokens and gains one every {@code intervalNanos}
 * ({@code limit} per {@code window}). The interval is rounded down to whole nanoseconds, which is at most
 * {@code limit} nanoseconds per window in the client's favour.
 */
record BucketLimit(int capacity, long intervalNanos) {

    /** Keeps every sum of bucket times far from overflow, even for absurd configurations. */
    private static final long MAX_SPAN_NANOS = Long.MAX_VALUE / 4;

    BucketLimit {
        if (capacity < 1 || intervalNanos < 1) {
            throw new IllegalArgumentException("capacity and interval must be positive");
        }
    }

    static BucketLimit of(int limit, Duration window, int capacity) {
        long windowNanos = Math.min(MAX_SPAN_NANOS, window.toNanos());
        return new BucketLimit(capacity, Math.max(1, windowNanos / Math.max(1, limit)));
    }

    /** How far in debt (nanoseconds until full) the bucket may be and still hand out a token. */
    long toleranceNanos() {
        return spanOf(capacity - 1L);
    }

    /** Nanoseconds to refill {@code tokens}, saturated far below overflow. */
    long spanOf(long tokens) {
        return tokens > MAX_SPAN_NANOS / intervalNanos ? MAX_SPAN_NANOS : tokens * intervalNanos;
    }

    /** Whole tokens left when the bucket needs {@code debtNanos} to be full again. */
    long remaining(long debtNanos) {
        long missing = debtNanos / intervalNanos + (debtNanos % intervalNanos == 0 ? 0 : 1);
        return Math.max(0, capacity - missing);
    }
}
