package io.bulwark.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The Redis backend of rate limiting (rate_limit.redis), used when rate_limit.backend is redis.
 *
 * @param url              redis:// or rediss:// URI of a standalone server; null = not configured. It is checked
 *                         when the backend starts, not here, so that a bad URI falls back to the local backend
 *                         instead of disabling the agent
 * @param keyPrefix        prepended to every key the agent writes
 * @param timeout          the longest a request waits for Redis's answer before on_failure applies
 * @param onFailure        what decides while Redis cannot
 * @param failureThreshold consecutive failures that open the backend's own breaker
 * @param openTimeout      how long the open breaker keeps requests away from Redis before one probe
 * @param batchSize        tokens leased per round trip for one route and key; 1 = no batching
 * @param batchMaxAge      how long leased tokens may be handed out locally
 * @param poolSize         most connections to Redis at once (one per decision in flight)
 */
public record RedisRateLimitConfig(String url, String keyPrefix, Duration timeout, OnFailure onFailure,
                                   int failureThreshold, Duration openTimeout, int batchSize, Duration batchMaxAge,
                                   int poolSize) {

    public enum OnFailure {
        /** Decide on a bucket of this instance alone. */
        LOCAL,
        /** Let every request through. */
        ALLOW,
        /** Answer every limited request 429. */
        DENY
    }

    public RedisRateLimitConfig {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(onFailure, "onFailure");
        Objects.requireNonNull(openTimeout, "openTimeout");
        Objects.requireNonNull(batchMaxAge, "batchMaxAge");
    }

    public static RedisRateLimitConfig defaults() {
        return new RedisRateLimitConfig(null, "bulwark:rl:", Duration.ofMillis(50), OnFailure.LOCAL, 5,
                Duration.ofSeconds(10), 1, Duration.ofMillis(100), 16);
    }

    public RedisRateLimitConfig withUrl(String newUrl) {
        return new RedisRateLimitConfig(newUrl, keyPrefix, timeout, onFailure, failureThreshold, openTimeout,
                batchSize, batchMaxAge, poolSize);
    }
}
