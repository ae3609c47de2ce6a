package io.bulwark.core.config;

import java.time.Duration;

/** Per-service circuit-breaker settings; a null field inherits the circuit_breakers value. */
public record ServiceOverrides(Integer failureThreshold, Duration openTimeout, Integer halfOpenSuccesses,
                               Duration callTimeout) {
    public static final ServiceOverrides NONE = new ServiceOverrides(null, null, null, null);
}
