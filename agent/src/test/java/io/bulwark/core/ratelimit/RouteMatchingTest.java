package io.bulwark.core.ratelimit;

import io.bulwark.core.ManualClock;
import io.bulwark.core.config.RateLimitConfig;
import io.bulwark.core.config.RateLimitRoute;
import io.bulwark.core.identity.UserIdentity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.bulwark.core.ratelimit.Configs.NO_HEADERS;
import static io.bulwark.core.ratelimit.Configs.ip;
import static io.bulwark.core.ratelimit.Configs.route;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Most specific route wins: literal segments, then exact over covering, then segments, then methods. */
class RouteMatchingTest {

    private final RateLimiter limiter = new RateLimiter(Configs.perMinute(100,
            route("/api/v1/transactions", 200),
            route("/api/v1/transactions", Set.of("POST"), 20),
            route("/api/v1/transactions/{id}", 50),
            route("/api/v1/transactions/{id}/refunds", Set.of("POST", "PUT"), 5),
            route("/api/{version}/auth/token", 10),
            route("/api/v1/auth/token", Set.of("DELETE"), 3),
            route("/api/v1/health", 1000)),
            UserIdentity.NONE, new ManualClock(), new SimpleMeterRegistry());

    private String routeOf(String method, String path) {
        return limiter.decide(method, path, ip("192.0.2.1"), NO_HEADERS).route();
    }

    @Test
    void exactPathsAndTheDefault() {
        assertEquals("/api/v1/health", routeOf("GET", "/api/v1/health"));
        assertEquals("/api/v1/transactions", routeOf("GET", "/api/v1/transactions"));
        assertEquals("default", routeOf("GET", "/api/v1"));
        assertEquals("default", routeOf("GET", "/"));
        assertEquals("default", routeOf("GET", "/other"));
        assertEquals("default", routeOf("GET", ""));
    }

    @Test
    void aRouteCoversItsSubPathsOnlyAtASegmentBoundary() {
        assertEquals("/api/v1/health", routeOf("GET", "/api/v1/health/live"));
        assertEquals("default", routeOf("GET", "/api/v1/healthz"));
        assertEquals("/api/v1/transactions/{id}", routeOf("GET", "/api/v1/transactions/42/items"));
    }

    @Test
    void templatesMatchOneNonEmptySegmentAndBeatACoveringRoute() {
        assertEquals("/api/v1/transactions/{id}", routeOf("GET", "/api/v1/transactions/42"));
        assertEquals("/api/{version}/auth/token", routeOf("POST", "/api/v2/auth/token"));
        assertEquals("/api/{version}/auth/token", routeOf("POST", "/api/v1/auth/token"));
    }

    @Test
    void aRouteNamingTheMethodBeatsOneForAllMethods() {
        assertEquals("/api/v1/transactions", routeOf("POST", "/api/v1/transactions"));
        assertEquals(20, limiter.decide("POST", "/api/v1/transactions", ip("192.0.2.9"), NO_HEADERS).limit());
        assertEquals(200, limiter.decide("GET", "/api/v1/transactions", ip("192.0.2.9"), NO_HEADERS).limit());
        // more literal segments still beat a method match
        assertEquals("/api/v1/auth/token", routeOf("DELETE", "/api/v1/auth/token"));
        assertEquals("/api/{version}/auth/token", routeOf("DELETE", "/api/v2/auth/token"));
        assertEquals("/api/v1/transactions/{id}/refunds", routeOf("PUT", "/api/v1/transactions/7/refunds"));
        assertEquals("/api/v1/transactions/{id}", routeOf("GET", "/api/v1/transactions/7/refunds"));
    }

    @Test
    void pathVariantsCannotDodgeARoute() {
        assertEquals("/api/v1/health", routeOf("GET", "/api/v1/health/"));
        assertEquals("/api/v1/health", routeOf("GET", "//api//v1/health"));
        assertEquals("/api/v1/health", routeOf("GET", "/api/v1/health;jsessionid=1"));
        assertEquals("/api/v1/health", routeOf("GET", "/api/v1/health?full=true"));
        assertEquals("/api/v1/transactions", routeOf("GET", "/api/v1/transactions/"));
        assertEquals("/api/v1/transactions", routeOf("GET", "/api/v1/transactions/;x"), "an empty parameter is no id");
    }

    @Test
    void routesHaveSeparateBuckets() {
        RateLimiter small = new RateLimiter(Configs.perMinute(1, route("/a", 1)), UserIdentity.NONE,
                new ManualClock(), new SimpleMeterRegistry());
        assertEquals(0, small.decide("GET", "/a", ip("192.0.2.1"), NO_HEADERS).remaining());
        assertEquals(0, small.decide("GET", "/b", ip("192.0.2.1"), NO_HEADERS).remaining());
        assertEquals(true, small.decide("GET", "/a", ip("192.0.2.1"), NO_HEADERS).rejected());
    }

    @Test
    void theSpecificationDefaults() {
        RateLimiter defaults = new RateLimiter(RateLimitConfig.defaults(), UserIdentity.NONE, new ManualClock(),
                new SimpleMeterRegistry());
        assertEquals(100, defaults.decide("GET", "/x", ip("192.0.2.1"), NO_HEADERS).limit());
        assertEquals(200, defaults.decide("GET", "/api/v1/transactions/1", ip("192.0.2.1"), NO_HEADERS).limit());
        assertEquals(10, defaults.decide("POST", "/api/v1/auth/token", ip("192.0.2.1"), NO_HEADERS).limit());
        assertEquals(1000, defaults.decide("GET", "/api/v1/health", ip("192.0.2.1"), NO_HEADERS).limit());
    }

    @Test
    void aRouteWithoutWindowOrBurstInheritsTheWindow() {
        RateLimitRoute plain = route("/p", 4);
        RateLimiter inherited = new RateLimiter(Configs.perMinute(100, plain), UserIdentity.NONE, new ManualClock(),
                new SimpleMeterRegistry());
        for (int i = 0; i < 4; i++) {
            inherited.decide("GET", "/p", ip("192.0.2.1"), NO_HEADERS);
        }
        assertEquals(15, inherited.decide("GET", "/p", ip("192.0.2.1"), NO_HEADERS).retryAfterSeconds());
    }
}
