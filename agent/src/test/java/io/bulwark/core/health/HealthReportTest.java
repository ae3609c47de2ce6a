package io.bulwark.core.health;

import io.bulwark.core.ManualClock;
import io.bulwark.core.breaker.CircuitBreakers;
import io.bulwark.core.config.CircuitBreakerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HealthReportTest {

    private final ManualClock clock = new ManualClock();
    private final CircuitBreakers breakers = new CircuitBreakers(CircuitBreakerConfig.defaults(),
        new SimpleMeterRegistry(), List.of(), clock);
    private final HealthReport health = new HealthReport(breakers, Set.of("database"));

    @Test
    void aServiceNoCallHasGoneThroughYetIsUnknown() {
        breakers.start("database", "query").success();
        assertEquals(HealthReport.Status.HEALTHY, health.overall());
        assertEquals("{\"status\":\"healthy\",\"services\":{"
            + "\"database\":{\"status\":\"healthy\",\"circuit_breaker\":\"closed\",\"critical\":true},"
            + "\"redis\":{\"status\":\"unknown\",\"circuit_breaker\":\"not_monitored\",\"critical\":false},"
            + "\"kafka\":{\"status\":\"unknown\",\"circuit_breaker\":\"not_monitored\",\"critical\":false},"
            + "\"elasticsearch\":{\"status\":\"unknown\",\"circuit_breaker\":\"not_monitored\",\"critical\":false}}}",
            health.toJson());
    }

    @Test
    void healthyWhenEveryBreakerIsClosed() {
        callEveryService();
        assertEquals(HealthReport.Status.HEALTHY, health.overall());
        assertEquals(200, health.httpStatus());
        assertEquals("{\"status\":\"healthy\",\"services\":{"
            + "\"database\":{\"status\":\"healthy\",\"circuit_breaker\":\"closed\",\"critical\":true},"
            + "\"redis\":{\"status\":\"healthy\",\"circuit_breaker\":\"closed\",\"critical\":false},"
            + "\"kafka\":{\"status\":\"healthy\",\"circuit_breaker\":\"closed\",\"critical\":false},"
            + "\"elasticsearch\":{\"status\":\"healthy\",\"circuit_breaker\":\"closed\",\"critical\":false}}}",
            health.toJson());
    }

    @Test
    void degradedWhenANonCriticalServiceIsDownOrAnyBreakerIsProbing() {
        callEveryService();
        open("redis");
        assertEquals(HealthReport.Status.DEGRADED, health.overall());
        assertEquals(200, health.httpStatus());
        assertEquals("{\"status\":\"degraded\",\"services\":{"
            + "\"database\":{\"status\":\"healthy\",\"circuit_breaker\":\"closed\",\"critical\":true},"
            + "\"redis\":{\"status\":\"unhealthy\",\"circuit_breaker\":\"open\",\"critical\":false},"
            + "\"kafka\":{\"status\":\"healthy\",\"circuit_breaker\":\"closed\",\"critical\":false},"
            + "\"elasticsearch\":{\"status\":\"healthy\",\"circuit_breaker\":\"closed\",\"critical\":false}}}",
            health.toJson());

        open("database");
        clock.advance(Duration.ofSeconds(60));
        assertEquals(HealthReport.Status.DEGRADED, health.overall(), "a half-open critical service is degraded");
        assertEquals(200, health.httpStatus());
        assertEquals(true, health.toJson().contains(
            "\"database\":{\"status\":\"degraded\",\"circuit_breaker\":\"half_open\",\"critical\":true}"));
    }

    @Test
    void unhealthyWhenACriticalServiceIsDown() {
        callEveryService();
        open("database");
        assertEquals(HealthReport.Status.UNHEALTHY, health.overall());
        assertEquals(503, health.httpStatus());
        assertEquals(true, health.toJson().startsWith("{\"status\":\"unhealthy\",\"services\":{"
            + "\"database\":{\"status\":\"unhealthy\",\"circuit_breaker\":\"open\",\"critical\":true},"), health.toJson());
    }

    @Test
    void withoutBreakersServicesAreListedAsNotMonitored() {
        HealthReport unmonitored = new HealthReport(List.of("database", "redis"), Set.of("database"));
        assertEquals(HealthReport.Status.HEALTHY, unmonitored.overall());
        assertEquals(200, unmonitored.httpStatus());
        assertEquals("{\"status\":\"healthy\",\"services\":{"
            + "\"database\":{\"status\":\"unknown\",\"circuit_breaker\":\"not_monitored\",\"critical\":true},"
            + "\"redis\":{\"status\":\"unknown\",\"circuit_breaker\":\"not_monitored\",\"critical\":false}}}",
            unmonitored.toJson());
    }

    private void callEveryService() {
        for (String service : List.of("database", "redis", "kafka", "elasticsearch")) {
            breakers.start(service, "command").success();
        }
    }

    private void open(String service) {
        for (int i = 0; i < 5; i++) {
            breakers.start(service, "command").failure(new ConnectException("Connection refused"));
        }
    }
}
