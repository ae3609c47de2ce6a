package io.bulwark.core.ratelimit;

/**
 * Where the token buckets live: takes one token from the bucket of a client key on a route. Route, key and
 * allowlist resolution stay in {@link RateLimiter}; a backend only does the bucket arithmetic, so that every backend
 * yields the same decisions and headers.
 */
public interface BucketBackend {

    /** Returned instead of a debt: admit the request without a bucket (no rate-limit headers). */
    long ALLOW = Long.MIN_VALUE;
    /** Returned instead of a debt: reject the request without a bucket. */
    long DENY = Long.MIN_VALUE + 1;

    /**
     * @param route    the route's bucket shape and its name, unique among the routes
     * @param key      the client key: an {@link java.net.InetAddress}, a {@link UserKey}, or "unknown-client"
     * @param nowNanos the limiter's monotonic clock
     * @return as {@link TokenBucket#tryTake}: when admitted, the debt after taking the token (nanoseconds until the
     *         bucket is full again, > 0); when rejected, the negated current debt (< 0); or {@link #ALLOW} /
     *         {@link #DENY}
     */
    long tryTake(RouteLimit route, Object key, long nowNanos);
}
