package io.bulwark.core.health;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rate-limit backend's entry: its mode, and degraded (never unhealthy) while it falls back. */
class RateLimitBackendHealthTest {

    @Test
    void aFallingBackBackendDegradesTheServiceButNeverMakesItUnhealthy() {
        HealthReport base = new HealthReport(List.of("database"), Set.of("database"));
        HealthReport normal = base.withRateLimitBackend(new Backend("redis", false));
        assertEquals(HealthReport.Status.HEALTHY, normal.overall());
        assertEquals("{\"status\":\"healthy\",\"rate_limit_backend\":{\"backend\":\"redis\",\"mode\":\"redis\","
            + "\"status\":\"healthy\"},\"services\":{\"database\":{\"status\":\"unknown\",\"circuit_breaker\":"
            + "\"not_monitored\",\"critical\":true}}}", normal.toJson());

        HealthReport fallback = base.withRateLimitBackend(new Backend("local", true));
        assertEquals(HealthReport.Status.DEGRADED, fallback.overall());
        assertEquals(200, fallback.httpStatus());
        assertEquals("{\"status\":\"degraded\",\"rate_limit_backend\":{\"backend\":\"redis\",\"mode\":\"local\","
            + "\"status\":\"degraded\"},\"services\":{\"database\":{\"status\":\"unknown\",\"circuit_breaker\":"
            + "\"not_monitored\",\"critical\":true}}}", fallback.toJson());
        assertEquals(base.toJson(), base.withRateLimitBackend(null).toJson(), "the local backend has no entry");
    }

    private record Backend(String mode, boolean degraded) implements BackendStatus {
        @Override
        public String backend() {
            return "redis";
        }
    }
}
