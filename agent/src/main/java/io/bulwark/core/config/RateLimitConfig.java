package io.bulwark.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Token-bucket rate limiting: {@code defaultLimit} requests per {@code window} for routes without their own entry.
 *
 * @param burst          bucket capacity; null = the limit
 * @param key            what a bucket belongs to
 * @param trustedProxies peers whose X-Forwarded-For / Forwarded headers are believed
 * @param allowlist      client networks that bypass limits
 * @param maxKeys        bound on the number of buckets kept
 * @param idleExpiry     a bucket unused this long is dropped
 * @param routes         per-route limits; the most specific match wins
 * @param backend        where the buckets live
 * @param redis          the Redis backend's settings (used when {@code backend} is REDIS)
 */
public record RateLimitConfig(boolean enabled, int defaultLimit, Duration window, Integer burst, Key key,
                              List<Cidr> trustedProxies, List<Cidr> allowlist, int maxKeys, Duration idleExpiry,
                              List<RateLimitRoute> routes, Backend backend, RedisRateLimitConfig redis) {

    public enum Backend {
        /** Buckets in this JVM: each instance of a service has limits of its own. */
        LOCAL,
        /** Buckets in Redis, shared by every instance that uses the same Redis and key prefix. */
        REDIS
    }

    public enum Key {
        /** The authenticated user when there is one (see {@link IdentityConfig}), else the client IP. */
        USER_OR_IP,
        /** Always the client IP. */
        IP
    }

    public RateLimitConfig {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(idleExpiry, "idleExpiry");
        trustedProxies = List.copyOf(trustedProxies);
        allowlist = List.copyOf(allowlist);
        routes = List.copyOf(routes);
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(redis, "redis");
    }

    /** The local backend. */
    public RateLimitConfig(boolean enabled, int defaultLimit, Duration window, Integer burst, Key key,
                           List<Cidr> trustedProxies, List<Cidr> allowlist, int maxKeys, Duration idleExpiry,
                           List<RateLimitRoute> routes) {
        this(enabled, defaultLimit, window, burst, key, trustedProxies, allowlist, maxKeys, idleExpiry, routes,
                Backend.LOCAL, RedisRateLimitConfig.defaults());
    }

    public static RateLimitConfig defaults() {
        return new RateLimitConfig(true, 100, Duration.ofSeconds(60), null, Key.USER_OR_IP, List.of(), List.of(),
                100_000, Duration.ofMinutes(10), List.of(
                        RateLimitRoute.of("/api/v1/transactions", 200),
                        RateLimitRoute.of("/api/v1/auth/token", 10),
                        RateLimitRoute.of("/api/v1/health", 1000)));
    }

    /** Bucket capacity for requests that match no route. */
    public int defaultCapacity() {
        return burst != null ? burst : defaultLimit;
    }

    public RateLimitConfig withEnabled(boolean newEnabled) {
        return new RateLimitConfig(newEnabled, defaultLimit, window, burst, key, trustedProxies, allowlist, maxKeys,
                idleExpiry, routes, backend, redis);
    }

    public RateLimitConfig withDefaultLimit(int newDefaultLimit) {
        return new RateLimitConfig(enabled, newDefaultLimit, window, burst, key, trustedProxies, allowlist, maxKeys,
                idleExpiry, routes, backend, redis);
    }

    public RateLimitConfig withWindow(Duration newWindow) {
        return new RateLimitConfig(enabled, defaultLimit, newWindow, burst, key, trustedProxies, allowlist, maxKeys,
                idleExpiry, routes, backend, redis);
    }

    public RateLimitConfig withBackend(Backend newBackend) {
        return new RateLimitConfig(enabled, defaultLimit, window, burst, key, trustedProxies, allowlist, maxKeys,
                idleExpiry, routes, newBackend, redis);
    }

    public RateLimitConfig withRedis(RedisRateLimitConfig newRedis) {
        return new RateLimitConfig(enabled, defaultLimit, window, burst, key, trustedProxies, allowlist, maxKeys,
                idleExpiry, routes, backend, newRedis);
    }
}
