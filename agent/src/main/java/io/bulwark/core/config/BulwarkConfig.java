package io.bulwark.core.config;

import java.util.List;
import java.util.Objects;

/**
 * The whole agent configuration, immutable. Read it with {@link ConfigLoader}.
 *
 * @param enabled false: the agent installs nothing
 * @param routes  route templates such as {@code /api/v1/transactions/{id}}, used for the endpoint label when the
 *                framework reports none
 */
public record BulwarkConfig(boolean enabled, EndpointConfig endpoint, List<String> routes, RequestIdConfig requestId,
                            AccessLogConfig accessLog, MetricsConfig metrics, IdentityConfig identity,
                            RateLimitConfig rateLimit, TimeoutConfig timeouts, CircuitBreakerConfig circuitBreakers,
                            CorsConfig cors, HealthConfig health) {
    public BulwarkConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        routes = List.copyOf(routes);
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(accessLog, "accessLog");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(circuitBreakers, "circuitBreakers");
        Objects.requireNonNull(cors, "cors");
        Objects.requireNonNull(health, "health");
    }

    /** The specification's defaults; identical to what an empty config file gives. */
    public static BulwarkConfig defaults() {
        return new BulwarkConfig(true, EndpointConfig.defaults(), List.of(), RequestIdConfig.defaults(),
                AccessLogConfig.defaults(), MetricsConfig.defaults(), IdentityConfig.defaults(),
                RateLimitConfig.defaults(), TimeoutConfig.defaults(), CircuitBreakerConfig.defaults(),
                CorsConfig.defaults(), HealthConfig.defaults());
    }

    public BulwarkConfig withEndpoint(EndpointConfig newEndpoint) {
        return new BulwarkConfig(enabled, newEndpoint, routes, requestId, accessLog, metrics, identity, rateLimit,
                timeouts, circuitBreakers, cors, health);
    }

    public BulwarkConfig withRateLimit(RateLimitConfig newRateLimit) {
        return new BulwarkConfig(enabled, endpoint, routes, requestId, accessLog, metrics, identity, newRateLimit,
                timeouts, circuitBreakers, cors, health);
    }

    public BulwarkConfig withTimeouts(TimeoutConfig newTimeouts) {
        return new BulwarkConfig(enabled, endpoint, routes, requestId, accessLog, metrics, identity, rateLimit,
                newTimeouts, circuitBreakers, cors, health);
    }

    public BulwarkConfig withCircuitBreakers(CircuitBreakerConfig newCircuitBreakers) {
        return new BulwarkConfig(enabled, endpoint, routes, requestId, accessLog, metrics, identity, rateLimit,
                timeouts, newCircuitBreakers, cors, health);
    }
}
