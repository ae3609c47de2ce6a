package io.bulwark.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * CORS answered by the agent. {@code allowedOrigins} are lower-case {@code scheme://host[:port]} or "*";
 * {@code maxAge} is how long a browser may cache a preflight answer.
 */
public record CorsConfig(boolean enabled, List<String> allowedOrigins, Set<String> allowedMethods,
                         List<String> allowedHeaders, List<String> exposedHeaders, boolean allowCredentials,
                         Duration maxAge) {
    public CorsConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedMethods = Copies.orderedSet(allowedMethods);
        allowedHeaders = List.copyOf(allowedHeaders);
        exposedHeaders = List.copyOf(exposedHeaders);
        Objects.requireNonNull(maxAge, "maxAge");
    }

    public static CorsConfig defaults() {
        return new CorsConfig(false, List.of(),
                Copies.orderedSet(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")),
                List.of("Authorization", "Content-Type", "X-Request-ID"),
                List.of("X-Request-ID", "X-Process-Time", "X-RateLimit-Limit", "X-RateLimit-Remaining",
                        "X-RateLimit-Reset", "Retry-After"),
                false, Duration.ofMinutes(10));
    }
}
