package io.bulwark.core.config;

import io.bulwark.core.config.RedisRateLimitConfig.OnFailure;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** rate_limit.backend and rate_limit.redis: defaults, every key, errors, and the environment overrides. */
class RedisBackendConfigTest {

    private static final String FILE = "/etc/bulwark/agent-config.yaml";

    @Test
    void theLocalBackendByDefault() throws ConfigException {
        RateLimitConfig config = ConfigLoader.parse("", FILE).rateLimit();
        assertEquals(RateLimitConfig.Backend.LOCAL, config.backend());
        RedisRateLimitConfig redis = config.redis();
        assertNull(redis.url());
        assertEquals("bulwark:rl:", redis.keyPrefix());
        assertEquals(Duration.ofMillis(50), redis.timeout());
        assertEquals(OnFailure.LOCAL, redis.onFailure());
        assertEquals(5, redis.failureThreshold());
        assertEquals(Duration.ofSeconds(10), redis.openTimeout());
        assertEquals(1, redis.batchSize());
        assertEquals(Duration.ofMillis(100), redis.batchMaxAge());
        assertEquals(16, redis.poolSize());
    }

    @Test
    void everyKeyIsRead() throws ConfigException {
        RateLimitConfig config = ConfigLoader.parse("""
            rate_limit:
              backend: redis
              redis:
                url: redis://:secret@10.0.0.5:6380/2
                key_prefix: "shop:rl:"
                timeout: 20ms
                on_failure: deny
                breaker: {failure_threshold: 3, open_timeout: 2s}
                batch: {size: 10, max_age: 250ms}
                pool_size: 4
            """, FILE).rateLimit();
        assertEquals(RateLimitConfig.Backend.REDIS, config.backend());
        assertEquals(new RedisRateLimitConfig("redis://:secret@10.0.0.5:6380/2", "shop:rl:", Duration.ofMillis(20),
            OnFailure.DENY, 3, Duration.ofSeconds(2), 10, Duration.ofMillis(250), 4), config.redis());
    }

    @Test
    void errorsNameTheLineAndKey() {
        assertError("rate_limit:\n  backend: memcached\n",
            FILE + ":2: rate_limit.backend: must be one of local, redis, got 'memcached'");
        assertError("rate_limit:\n  redis:\n    on_failure: retry\n",
            FILE + ":3: rate_limit.redis.on_failure: must be one of local, allow, deny, got 'retry'");
        assertError("rate_limit:\n  redis:\n    timeout: 0ms\n", FILE + ":3: rate_limit.redis.timeout: must be a"
            + " positive duration such as 250ms, 30s, 5m, 1h or a number of seconds, got '0ms'");
        assertError("rate_limit:\n  redis:\n    batch: {size: 0}\n",
            FILE + ":3: rate_limit.redis.batch.size: must be a positive integer, got 0");
        assertError("rate_limit:\n  redis:\n    pool_size: 0\n",
            FILE + ":3: rate_limit.redis.pool_size: must be a positive integer, got 0");
        assertError("rate_limit:\n  redis:\n    breaker: {threshold: 2}\n",
            FILE + ":3: rate_limit.redis.breaker.threshold: unknown key (allowed: failure_threshold, open_timeout)");
        assertError("rate_limit:\n  redis:\n    host: localhost\n", FILE + ":3: rate_limit.redis.host: unknown key"
            + " (allowed: url, key_prefix, timeout, on_failure, breaker, batch, pool_size)");
    }

    @Test
    void environmentOverridesChooseTheBackendAndUrl() throws ConfigException {
        RateLimitConfig config = ConfigLoader.load(null, Map.of("RATE_LIMIT_BACKEND", "Redis",
            "RATE_LIMIT_REDIS_URL", " redis://127.0.0.1:6390 "), Path.of("/nonexistent")).config().rateLimit();
        assertEquals(RateLimitConfig.Backend.REDIS, config.backend());
        assertEquals("redis://127.0.0.1:6390", config.redis().url());
        ConfigException bad = assertThrows(ConfigException.class,
            () -> ConfigLoader.load(null, Map.of("RATE_LIMIT_BACKEND", "memcached"), Path.of("/nonexistent")));
        assertEquals("environment variable RATE_LIMIT_BACKEND: must be local or redis, got 'memcached'",
            bad.getMessage());
    }

    private static void assertError(String yaml, String message) {
        assertEquals(message, assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, FILE)).getMessage());
    }
}
