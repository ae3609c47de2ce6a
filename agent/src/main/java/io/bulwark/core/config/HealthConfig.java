package io.bulwark.core.config;

import java.util.List;

/** /health: overall "unhealthy" (HTTP 503) when a critical service is down, "degraded" when another one is. */
public record HealthConfig(List<String> criticalServices) {
    public HealthConfig {
        criticalServices = List.copyOf(criticalServices);
    }

    public static HealthConfig defaults() {
        return new HealthConfig(List.of("database"));
    }
}
