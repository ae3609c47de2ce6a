package io.bulwark.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigDefaultsTest {

    @Test
    void defaultsAreTheSpecificationValues() {
        BulwarkConfig c = BulwarkConfig.defaults();
        assertTrue(c.enabled());
        assertEquals(new EndpointConfig(true, "0.0.0.0", 9404), c.endpoint());
        assertEquals(List.of(), c.routes());

        assertEquals("X-Request-ID", c.requestId().header());
        assertEquals(128, c.requestId().maxLength());
        assertEquals("request_id", c.requestId().mdcKey());
        assertTrue(c.requestId().allowedCharacters().allows("abc-XYZ_0.9:"));
        assertFalse(c.requestId().allowedCharacters().allows("a b"));

        assertEquals(new AccessLogConfig(true, AccessLogConfig.Output.STDOUT, Path.of("logs/access.log"), 8192),
                c.accessLog());
        assertEquals(List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
                c.metrics().durationBuckets());
        assertEquals(new IdentityConfig(null, null), c.identity());

        RateLimitConfig rl = c.rateLimit();
        assertTrue(rl.enabled());
        assertEquals(100, rl.defaultLimit());
        assertEquals(Duration.ofSeconds(60), rl.window());
        assertNull(rl.burst());
        assertEquals(100, rl.defaultCapacity());
        assertEquals(RateLimitConfig.Key.USER_OR_IP, rl.key());
        assertEquals(List.of(), rl.trustedProxies());
        assertEquals(List.of(), rl.allowlist());
        assertEquals(100_000, rl.maxKeys());
        assertEquals(Duration.ofMinutes(10), rl.idleExpiry());
        assertEquals(List.of(
                new RateLimitRoute("/api/v1/transactions", Set.of(), 200, null, null, false),
                new RateLimitRoute("/api/v1/auth/token", Set.of(), 10, null, null, false),
                new RateLimitRoute("/api/v1/health", Set.of(), 1000, null, null, false)), rl.routes());

        TimeoutConfig t = c.timeouts();
        assertTrue(t.enabled());
        assertEquals(Duration.ofSeconds(30), t.defaultTimeout());
        assertEquals(List.of(
                new TimeoutRoute("/api/v1/transactions", Set.of(), Duration.ofSeconds(10)),
                new TimeoutRoute("/api/v1/auth/token", Set.of(), Duration.ofSeconds(5)),
                new TimeoutRoute("/api/v1/health", Set.of(), Duration.ofSeconds(2))), t.routes());

        CircuitBreakerConfig cb = c.circuitBreakers();
        assertTrue(cb.enabled());
        assertEquals(5, cb.failureThreshold());
        assertEquals(Duration.ofSeconds(60), cb.openTimeout());
        assertEquals(2, cb.halfOpenSuccesses());
        assertEquals(2, cb.halfOpenMaxProbes());
        assertEquals(Duration.ofSeconds(5), cb.callTimeout());
        assertNull(cb.failureRateThreshold());
        assertNull(cb.slowCallRateThreshold());
        assertNull(cb.slowCallDuration());
        assertEquals(20, cb.slidingWindowSize());
        assertEquals(10, cb.minimumCalls());
        assertEquals(List.of("database", "redis", "kafka", "elasticsearch"), List.copyOf(cb.services().keySet()));

        CorsConfig cors = c.cors();
        assertFalse(cors.enabled());
        assertEquals(List.of(), cors.allowedOrigins());
        assertEquals(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"), List.copyOf(cors.allowedMethods()));
        assertEquals(List.of("Authorization", "Content-Type", "X-Request-ID"), cors.allowedHeaders());
        assertEquals(List.of("X-Request-ID", "X-Process-Time", "X-RateLimit-Limit", "X-RateLimit-Remaining",
                "X-RateLimit-Reset", "Retry-After"), cors.exposedHeaders());
        assertFalse(cors.allowCredentials());
        assertEquals(Duration.ofMinutes(10), cors.maxAge());

        assertEquals(List.of("database"), c.health().criticalServices());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n", "# only a comment\n", "{}", "---\n",
            "endpoint:\nrequest_id:\naccess_log:\nmetrics:\nidentity:\nrate_limit:\ntimeouts:\n"
                    + "circuit_breakers:\ncors:\nhealth:\n"})
    void anEmptyFileOrEmptySectionsGiveTheDefaults(String yaml) throws ConfigException {
        assertEquals(BulwarkConfig.defaults(), ConfigLoader.parse(yaml, "empty.yaml"));
    }

    @Test
    void perServiceOverridesFallBackToTheGlobalValues() throws ConfigException {
        CircuitBreakerConfig cb = ConfigLoader.parse("""
                circuit_breakers:
                  failure_threshold: 7
                  services:
                    database: {call_timeout: 2s}
                    redis: {failure_threshold: 3, open_timeout: 250ms}
                """, "cb.yaml").circuitBreakers();
        assertEquals(Duration.ofSeconds(2), cb.callTimeout("database"));
        assertEquals(7, cb.failureThreshold("database"));
        assertEquals(3, cb.failureThreshold("redis"));
        assertEquals(Duration.ofMillis(250), cb.openTimeout("redis"));
        assertEquals(Duration.ofSeconds(5), cb.callTimeout("redis"));
        assertEquals(List.of("database", "redis"), List.copyOf(cb.services().keySet()));
    }

    @Test
    void valuesAreReadAsWritten() throws ConfigException {
        BulwarkConfig c = ConfigLoader.parse("""
                rate_limit:
                  window: 1.5
                  burst: 20
                  key: ip
                  trusted_proxies: [10.0.0.0/8, "fd00::/8", 192.168.1.7]
                  routes:
                    - {path: "/api/v1/transactions/{id}", methods: [get, Post], limit: 5, window: 250ms, shadow: true}
                    - {path: "/api/v1/transactions/{id}", limit: 9}
                access_log: {output: file, file: /var/log/access.json}
                metrics: {duration_buckets: [1, 2.5, 1_000]}
                cors: {enabled: true, allowed_origins: ["HTTPS://App.Example.com", "http://[::1]:3000"]}
                """, "values.yaml");
        RateLimitConfig rl = c.rateLimit();
        assertEquals(Duration.ofMillis(1500), rl.window());
        assertEquals(20, rl.defaultCapacity());
        assertEquals(RateLimitConfig.Key.IP, rl.key());
        assertEquals(List.of("10.0.0.0/8", "fd00:0:0:0:0:0:0:0/8", "192.168.1.7/32"),
                rl.trustedProxies().stream().map(Cidr::toString).toList());
        assertEquals(new RateLimitRoute("/api/v1/transactions/{id}", Set.of("GET", "POST"), 5,
                Duration.ofMillis(250), null, true), rl.routes().get(0));
        assertEquals(Duration.ofMillis(1500), rl.routes().get(1).windowOr(rl.window()));
        assertEquals(9, rl.routes().get(1).capacity());
        assertEquals(AccessLogConfig.Output.FILE, c.accessLog().output());
        assertEquals(Path.of("/var/log/access.json"), c.accessLog().file());
        assertEquals(List.of(1.0, 2.5, 1000.0), c.metrics().durationBuckets());
        assertEquals(List.of("https://app.example.com", "http://[::1]:3000"), c.cors().allowedOrigins());
    }
}
