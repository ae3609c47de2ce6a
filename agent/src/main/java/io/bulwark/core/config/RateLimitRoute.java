package io.bulwark.core.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * A rate limit for one route template such as {@code /api/v1/transactions/{id}}.
 *
 * @param methods upper-case HTTP methods this entry applies to; empty = all
 * @param window  null = the rate_limit window
 * @param burst   bucket capacity; null = {@code limit}
 * @param shadow  decide, count and add headers, but never reject
 */
public record RateLimitRoute(String path, Set<String> methods, int limit, Duration window, Integer burst,
                             boolean shadow) implements RouteEntry {
    public RateLimitRoute {
        Objects.requireNonNull(path, "path");
        methods = Copies.orderedSet(methods);
    }

    static RateLimitRoute of(String path, int limit) {
        return new RateLimitRoute(path, Set.of(), limit, null, null, false);
    }

    /** The window of this route, inheriting the rate_limit window when it has none. */
    public Duration windowOr(Duration defaultWindow) {
        return window != null ? window : defaultWindow;
    }

    public int capacity() {
        return burst != null ? burst : limit;
    }
}
