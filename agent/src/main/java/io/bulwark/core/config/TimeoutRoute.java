package io.bulwark.core.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/** A request timeout for one route template; {@code methods} upper-case, empty = all. */
public record TimeoutRoute(String path, Set<String> methods, Duration timeout) implements RouteEntry {
    public TimeoutRoute {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(timeout, "timeout");
        methods = Copies.orderedSet(methods);
    }

    static TimeoutRoute of(String path, Duration timeout) {
        return new TimeoutRoute(path, Set.of(), timeout);
    }
}
