package io.bulwark.core.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Per-route policy values (a rate limit, a timeout...) and the most specific one for a request, by
 * {@link RoutePattern#rank}; the fallback when no route matches. Matching walks the patterns without allocating.
 *
 * @param <T> the policy value of a route
 */
public final class RouteRules<T> {

    private final RoutePattern[] patterns;
    private final List<T> values;
    private final T fallback;

    private RouteRules(RoutePattern[] patterns, List<T> values, T fallback) {
        this.patterns = patterns;
        this.values = values;
        this.fallback = fallback;
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** The value of the most specific route for the request, else the fallback. */
    public T match(String method, String path) {
        if (method == null || path == null) {
            return fallback;
        }
        T best = fallback;
        long bestRank = RoutePattern.NO_MATCH;
        boolean plain = RoutePattern.isPlain(path);
        for (int i = 0; i < patterns.length; i++) {
            long rank = patterns[i].rank(method, path, plain);
            if (rank > bestRank) {
                bestRank = rank;
                best = values.get(i);
            }
        }
        return best;
    }

    public static final class Builder<T> {
        private final List<RoutePattern> patterns = new ArrayList<>();
        private final List<T> values = new ArrayList<>();

        public Builder<T> route(String path, Set<String> methods, T value) {
            patterns.add(new RoutePattern(path, methods));
            values.add(value);
            return this;
        }

        public RouteRules<T> fallback(T fallback) {
            return new RouteRules<>(patterns.toArray(new RoutePattern[0]), List.copyOf(values), fallback);
        }
    }
}
