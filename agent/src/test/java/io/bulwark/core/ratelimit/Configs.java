package io.bulwark.core.ratelimit;

import io.bulwark.core.config.Cidr;
import io.bulwark.core.config.RateLimitConfig;
import io.bulwark.core.config.RateLimitRoute;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Small rate-limit configurations and request helpers for tests. */
final class Configs {

    static final Function<String, String> NO_HEADERS = name -> null;

    private Configs() {
    }

    /** {@code limit} per minute by default, keyed by IP, no routes. */
    static RateLimitConfig perMinute(int limit, RateLimitRoute... routes) {
        return new RateLimitConfig(true, limit, Duration.ofMinutes(1), null, RateLimitConfig.Key.USER_OR_IP,
                List.of(), List.of(), 1_000, Duration.ofMinutes(10), List.of(routes));
    }

    static RateLimitConfig withNetworks(RateLimitConfig c, List<String> trustedProxies, List<String> allowlist) {
        return new RateLimitConfig(c.enabled(), c.defaultLimit(), c.window(), c.burst(), c.key(),
                trustedProxies.stream().map(Cidr::parse).toList(), allowlist.stream().map(Cidr::parse).toList(),
                c.maxKeys(), c.idleExpiry(), c.routes());
    }

    static RateLimitConfig withKeys(RateLimitConfig c, RateLimitConfig.Key key, int maxKeys, Duration idleExpiry) {
        return new RateLimitConfig(c.enabled(), c.defaultLimit(), c.window(), c.burst(), key, c.trustedProxies(),
                c.allowlist(), maxKeys, idleExpiry, c.routes());
    }

    static RateLimitRoute route(String path, int limit) {
        return new RateLimitRoute(path, Set.of(), limit, null, null, false);
    }

    static RateLimitRoute route(String path, Set<String> methods, int limit) {
        return new RateLimitRoute(path, methods, limit, null, null, false);
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Function<String, String> headers(String... nameValuePairs) {
        Map<String, String> map = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            map.put(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return map::get;
    }
}
