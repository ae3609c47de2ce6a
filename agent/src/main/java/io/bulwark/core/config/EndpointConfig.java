package io.bulwark.core.config;

import java.util.Objects;

/** The agent's own HTTP endpoint serving /metrics and /health. Port 0 picks a free port. */
public record EndpointConfig(boolean enabled, String host, int port) {
    public EndpointConfig {
        Objects.requireNonNull(host, "host");
    }

    public static EndpointConfig defaults() {
        return new EndpointConfig(true, "0.0.0.0", 9404);
    }

    public EndpointConfig withPort(int newPort) {
        return new EndpointConfig(enabled, host, newPort);
    }
}
