package io.bulwark.core.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The structured access log: one JSON line per request, written off the request thread through a queue of
 * {@code queueCapacity} lines (overflow is dropped and counted). {@code file} is used when {@code output} is FILE.
 */
public record AccessLogConfig(boolean enabled, Output output, Path file, int queueCapacity) {
    public enum Output { STDOUT, FILE }

    public AccessLogConfig {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(file, "file");
    }

    public static AccessLogConfig defaults() {
        return new AccessLogConfig(true, Output.STDOUT, Path.of("logs/access.log"), 8192);
    }
}
