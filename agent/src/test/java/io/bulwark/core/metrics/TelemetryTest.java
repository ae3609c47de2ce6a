package io.bulwark.core.metrics;

import io.bulwark.core.AgentErrors;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TelemetryTest {

    @Test
    void theFirstScrapeAlreadyHasTheJvmsMeters() {
        Telemetry telemetry = new Telemetry(true, true, new AgentErrors(), "test");

        String first = telemetry.scrape(null, null).body();

        assertTrue(first.contains("jvm_memory_used_bytes{"), first);
        assertTrue(first.contains("jvm_threads_live_threads "), first);
        assertTrue(first.contains("process_uptime_seconds "), first);
        assertTrue(first.contains("jvm_gc_memory_allocated_bytes_total "), first);
        assertTrue(first.contains("bulwark_agent_info{version=\"test\"} 1\n"), first);
        String second = telemetry.scrape(null, null).body();
        assertTrue(second.indexOf("# TYPE jvm_memory_used_bytes") == second.lastIndexOf("# TYPE jvm_memory_used_bytes"),
            "bound once: " + second);
    }

    @Test
    void garbageCollectionsAfterTheFirstScrapeAreCounted() throws InterruptedException {
        Telemetry telemetry = new Telemetry(true, true, new AgentErrors(), "test");
        telemetry.scrape(null, null); // binds the GC meters

        System.gc();

        // the JVM announces a collection on its notification thread, shortly after it ends
        String body = "";
        for (int attempt = 0; attempt < 100 && !body.contains("cause=\"System.gc()\""); attempt++) {
            Thread.sleep(50);
            body = telemetry.scrape(null, null).body();
        }
        assertTrue(body.contains("jvm_gc_pause_seconds_count{") && body.contains("cause=\"System.gc()\""), body);
    }

    @Test
    void withoutJvmMetricsOnlyTheAgentsOwnMetersAreScraped() {
        Telemetry telemetry = new Telemetry(true, false, new AgentErrors(), "test");

        String body = telemetry.scrape(null, null).body();

        assertFalse(body.contains("jvm_"), body);
        assertFalse(body.contains("process_uptime"), body);
        assertTrue(body.contains("bulwark_agent_errors_total 0.0"), body);
    }
}
