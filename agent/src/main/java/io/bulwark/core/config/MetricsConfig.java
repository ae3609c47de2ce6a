package io.bulwark.core.config;

import java.util.List;

/**
 * Prometheus metrics: {@code jvm} adds JVM metrics, {@code applicationMeters} exposes the application's own
 * Micrometer meters (global registry) beside the agent's. {@code durationBuckets} (seconds, ascending) are the
 * histogram buckets of http_request_duration_seconds.
 */
public record MetricsConfig(boolean enabled, boolean jvm, boolean applicationMeters, List<Double> durationBuckets) {
    public MetricsConfig {
        durationBuckets = List.copyOf(durationBuckets);
    }

    public static MetricsConfig defaults() {
        return new MetricsConfig(true, true, true,
                List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0));
    }
}
