package io.bulwark.core.breaker;

import io.bulwark.core.config.CircuitBreakerConfig;
import io.bulwark.core.config.ServiceOverrides;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which service a library's call goes to, from the call's target (a JDBC URL, a Redis host:port, the Kafka
 * bootstrap servers, the Elasticsearch node URIs; several joined by commas): the first service of that library
 * whose {@code match} covers it, else the library's default service (the one without {@code match}, or the one named
 * like the library). A match entry is a URI prefix (it has "://" or starts with "jdbc:"), a host:port that must equal
 * one of the target's authorities, or a host that must equal one of their hosts; case does not matter.
 *
 * <p>Instrumentations resolve a target once per connection or client; answers are also kept here, for at most
 * {@value #MAX_CACHED} distinct targets (beyond that they are recomputed: a short loop over the match lists).
 */
final class ServiceRoutes {

    static final int MAX_CACHED = 1024;

    private record Route(String service, List<String> match) {
    }

    private final Map<String, List<Route>> routes = new HashMap<>();
    private final Map<String, String> defaults = new HashMap<>();
    private final ConcurrentHashMap<String, String> cache = new ConcurrentHashMap<>();

    ServiceRoutes(CircuitBreakerConfig config) {
        for (Map.Entry<String, ServiceOverrides> entry : config.services().entrySet()) {
            String library = config.library(entry.getKey());
            if (library == null) {
                continue;
            }
            if (entry.getValue().match().isEmpty()) {
                defaults.putIfAbsent(library, entry.getKey());
            } else {
                routes.computeIfAbsent(library, l -> new ArrayList<>()).add(new Route(entry.getKey(),
                    entry.getValue().match()));
            }
        }
    }

    boolean splits(String library) {
        return routes.containsKey(library);
    }

    String service(String library, String target) {
        String fallback = defaults.getOrDefault(library, library);
        List<Route> candidates = routes.get(library);
        if (candidates == null || target == null) {
            return fallback;
        }
        String key = library + ' ' + target;
        String cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        String resolved = resolve(candidates, target.toLowerCase(Locale.ROOT), fallback);
        if (cache.size() < MAX_CACHED) {
            cache.putIfAbsent(key, resolved);
        }
        return resolved;
    }

    private static String resolve(List<Route> candidates, String target, String fallback) {
        List<String> authorities = authorities(target);
        for (Route route : candidates) {
            for (String entry : route.match()) {
                if (matches(entry, target, authorities)) {
                    return route.service();
                }
            }
        }
        return fallback;
    }

    private static boolean matches(String entry, String target, List<String> authorities) {
        if (entry.contains("://") || entry.startsWith("jdbc:")) {
            return target.startsWith(entry);
        }
        boolean withPort = entry.lastIndexOf(':') > entry.lastIndexOf(']');
        for (String authority : authorities) {
            if (entry.equals(withPort ? authority : host(authority))) {
                return true;
            }
        }
        return false;
    }

    /** The host[:port] parts of a target: each comma-separated piece, past any "scheme://" and user info. */
    static List<String> authorities(String target) {
        List<String> authorities = new ArrayList<>(2);
        for (String piece : target.split(",")) {
            int scheme = piece.indexOf("://");
            String rest = scheme >= 0 ? piece.substring(scheme + 3) : piece;
            int end = rest.length();
            for (char stop : new char[] {'/', '?', ';', '#'}) {
                int at = rest.indexOf(stop);
                if (at >= 0 && at < end) {
                    end = at;
                }
            }
            String authority = rest.substring(0, end);
            authority = authority.substring(authority.lastIndexOf('@') + 1).trim();
            if (!authority.isEmpty()) {
                authorities.add(authority);
            }
        }
        return authorities;
    }

    private static String host(String authority) {
        int colon = authority.lastIndexOf(':');
        return colon > authority.lastIndexOf(']') ? authority.substring(0, colon) : authority;
    }
}
