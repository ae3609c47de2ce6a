package io.bulwark.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Request timeouts: {@code defaultTimeout} for routes without their own entry; the most specific route wins. */
public record TimeoutConfig(boolean enabled, Duration defaultTimeout, List<TimeoutRoute> routes) {
    public TimeoutConfig {
        Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        routes = List.copyOf(routes);
    }

    public static TimeoutConfig defaults() {
        return new TimeoutConfig(true, Duration.ofSeconds(30), List.of(
                TimeoutRoute.of("/api/v1/transactions", Duration.ofSeconds(10)),
                TimeoutRoute.of("/api/v1/auth/token", Duration.ofSeconds(5)),
                TimeoutRoute.of("/api/v1/health", Duration.ofSeconds(2))));
    }

    public TimeoutConfig withDefaultTimeout(Duration newDefaultTimeout) {
        return new TimeoutConfig(enabled, newDefaultTimeout, routes);
    }
}
