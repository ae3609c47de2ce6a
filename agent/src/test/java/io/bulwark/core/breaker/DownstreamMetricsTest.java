package io.bulwark.core.breaker;

import io.bulwark.bootstrap.Downstream;
import io.bulwark.bootstrap.DownstreamCall;
import io.bulwark.core.ManualClock;
import io.bulwark.core.breaker.CircuitBreaker.State;
import io.bulwark.core.config.CircuitBreakerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownstreamMetricsTest {

    private static final ConnectException DOWN = new ConnectException("Connection refused");

    @Test
    void stateGaugesShowOneForTheCurrentStateOnly() {
        TestBreakers t = new TestBreakers();
        assertGauges(t, "kafka", 1, 0, 0);
        t.fail("kafka", 5, DOWN);
        assertGauges(t, "kafka", 0, 1, 0);
        t.clock.advance(Duration.ofSeconds(60));
        assertGauges(t, "kafka", 0, 0, 1);
        t.succeed("kafka", 2);
        assertGauges(t, "kafka", 1, 0, 0);
        assertGauges(t, "database", 1, 0, 0);
    }

    @Test
    void callsAreCountedByStatusAndTimed() {
        TestBreakers t = new TestBreakers();
        DownstreamCall send = t.engine.start("kafka", "send");
        t.clock.advance(Duration.ofMillis(40));
        send.success();
        t.engine.start("kafka", "send").failure(DOWN);
        t.engine.start("kafka", "send").failure(new InterruptedException());
        t.engine.start("database", "query").success();

        assertEquals(1, t.calls("kafka", "send", "success"));
        assertEquals(1, t.calls("kafka", "send", "failure"));
        assertEquals(1, t.calls("kafka", "send", "ignored_error"));
        assertEquals(0, t.calls("kafka", "send", "rejected"));
        assertEquals(3, t.timed("kafka", "send"));
        assertEquals(1, t.calls("database", "query", "success"));
        assertEquals(40.0, t.registry.find("external.service.duration").tags("service", "kafka").timer()
            .max(java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    @Test
    void operationsPerServiceAreBounded() {
        TestBreakers t = new TestBreakers();
        for (int i = 0; i < 100; i++) {
            t.engine.start("redis", "op" + i).success();
        }
        long series = t.registry.find("external.service.duration").tags("service", "redis").timers().size();
        assertEquals(ServiceMeters.MAX_OPERATIONS + 1, series, "the first operations, then \"other\"");
        assertEquals(100 - ServiceMeters.MAX_OPERATIONS, t.calls("redis", ServiceMeters.OTHER_OPERATION, "success"));
    }

    @Test
    void unknownServicesShareOneFallbackBreaker() {
        TestBreakers t = new TestBreakers();
        for (int i = 0; i < 50; i++) {
            t.engine.start("cache-" + i, "command").failure(DOWN);
        }
        assertEquals(List.of("database", "redis", "kafka", "elasticsearch", "other"),
            t.engine.breakers().stream().map(CircuitBreaker::name).toList());
        assertEquals(State.OPEN, t.state("other"));
        assertEquals(5, t.calls("other", "command", "failure"));
        assertEquals(45, t.calls("other", "command", "rejected"));
        assertEquals(State.CLOSED, t.state("redis"));
    }

    @Test
    void aDisabledAgentPermitsEverythingAndRecordsNothing() {
        DownstreamCall call = Downstream.DISABLED.start("redis", "command");
        assertTrue(call.permitted());
        assertSame(DownstreamCall.UNPROTECTED, call);
        call.failure(DOWN);
        assertEquals(0, Downstream.DISABLED.callTimeoutMillis("redis"));
    }

    @Test
    void prometheusNamesAreTheSeeds() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CircuitBreakers engine = new CircuitBreakers(CircuitBreakerConfig.defaults(), prometheus, List.of(0.1, 1.0),
            new ManualClock());
        for (int i = 0; i < 6; i++) {
            engine.start("redis", "command").failure(DOWN);
        }
        String text = prometheus.scrape();
        assertTrue(text.contains("circuit_breaker_state{service=\"redis\",state=\"open\"} 1"), text);
        assertTrue(text.contains("circuit_breaker_state{service=\"redis\",state=\"closed\"} 0"), text);
        assertTrue(text.contains(
            "external_service_calls_total{operation=\"command\",service=\"redis\",status=\"failure\"} 5"), text);
        assertTrue(text.contains(
            "external_service_calls_total{operation=\"command\",service=\"redis\",status=\"rejected\"} 1"), text);
        assertTrue(text.contains(
            "external_service_duration_seconds_bucket{operation=\"command\",service=\"redis\",le=\"0.1\"} 5"), text);
    }

    private static void assertGauges(TestBreakers t, String service, double closed, double open, double halfOpen) {
        assertEquals(closed, t.stateGauge(service, "closed"), service + " closed");
        assertEquals(open, t.stateGauge(service, "open"), service + " open");
        assertEquals(halfOpen, t.stateGauge(service, "half_open"), service + " half_open");
    }
}
