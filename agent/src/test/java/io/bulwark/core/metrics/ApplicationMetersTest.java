package io.bulwark.core.metrics;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uses the unshaded Micrometer on the test class path as "the application's" Micrometer: what the application
 * records through its global registry appears in Prometheus text under the names it would have in Prometheus.
 */
class ApplicationMetersTest {

    @Test
    void rendersTheApplicationsMetersWithTheirPrometheusNames() {
        ApplicationMeters meters = new ApplicationMeters();
        meters.accept(Metrics.class);
        Metrics.counter("transactions.created", "type", "payment", "product", "wallet", "status", "success").increment(3);
        AtomicInteger queue = Metrics.gauge("work.queue.depth", new AtomicInteger(7));
        Timer.builder("checkout.latency").register(Metrics.globalRegistry).record(Duration.ofMillis(250));
        Metrics.counter("http.requests", "path", "/x").increment();

        StringBuilder text = new StringBuilder();
        meters.appendTo(text, false, Set.of("http_requests"));
        String out = text.toString();
        assertTrue(out.contains("# TYPE transactions_created_total counter\n"), out);
        assertTrue(out.contains("transactions_created_total{product=\"wallet\",status=\"success\",type=\"payment\"} 3.0\n"), out);
        assertTrue(out.contains("work_queue_depth 7.0\n") && queue.get() == 7, out);
        assertTrue(out.contains("# TYPE checkout_latency_seconds summary\n"), out);
        assertTrue(out.contains("checkout_latency_seconds_count 1.0\ncheckout_latency_seconds_sum 0.25\n"), out);
        assertFalse(out.contains("http_requests"), "a family the agent already exposes is left out: " + out);

        StringBuilder openMetrics = new StringBuilder();
        meters.appendTo(openMetrics, true, Set.of());
        assertTrue(openMetrics.toString().contains("# TYPE transactions_created counter\n"), openMetrics.toString());
    }
}
