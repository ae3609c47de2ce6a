package io.bulwark.it;

import io.bulwark.testbed.Jdks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broken configuration names its file, line and key in one log line; the agent then disables itself and the
 * service starts and serves as if there were no agent. No backends are needed: the service runs degraded.
 */
class BrokenConfigIT {

    @TempDir
    Path dir;

    @Test
    void unknownKeyIsNamedAndTheServiceStillServes() throws Exception {
        Path config = dir.resolve("broken.yaml");
        Files.writeString(config, "enabled: true\nmetrics:\n  enabled: true\n  histogram: [1, 2]\n");
        assertServesWithAgentDisabled(config, config + ":4: metrics.histogram: unknown key");
    }

    @Test
    void negativeLimitIsNamed() throws Exception {
        Path config = dir.resolve("negative.yaml");
        Files.writeString(config, "rate_limit:\n  routes:\n    - path: /api/v1/transactions\n      limit: -5\n");
        assertServesWithAgentDisabled(config, config + ":4: rate_limit.routes[0].limit: must be a positive integer, got -5");
    }

    @Test
    void malformedDurationIsNamed() throws Exception {
        Path config = dir.resolve("duration.yaml");
        Files.writeString(config, "timeouts:\n  default: 30 parsecs\n");
        assertServesWithAgentDisabled(config, config + ":2: timeouts.default:");
    }

    @Test
    void missingFileIsNamed() throws Exception {
        Path config = dir.resolve("does-not-exist.yaml");
        assertServesWithAgentDisabled(config, config + ": config file not found");
    }

    private void assertServesWithAgentDisabled(Path config, String expectedMessage) throws Exception {
        // backends deliberately unreachable: port 9 (discard) refuses connections on loopback
        Map<String, String> env = Map.of(
            "DATABASE_URL", "postgresql://postgres:postgres@127.0.0.1:9/postgres",
            "REDIS_URL", "redis://127.0.0.1:9",
            "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9",
            "ELASTICSEARCH_URL", "http://127.0.0.1:9");
        try (AgentedProcess service = AgentedProcess.sampleService("broken-config-" + config.getFileName(),
            Jdks.jdk25().orElseThrow(), config, env)) {
            String error = service.process.awaitLogLine(line -> line.contains("[bulwark] ERROR"), Duration.ofSeconds(5));
            assertTrue(error.contains(expectedMessage), "expected '" + expectedMessage + "' in: " + error);
            assertTrue(error.contains("DISABLED"), error);
            assertEquals(1, service.process.lines().stream().filter(line -> line.contains("[bulwark]")).count(),
                "exactly one agent line: " + service.process.lines());

            HttpResponse<String> health = service.get("/api/v1/health", "X-Request-ID", "should-not-echo");
            assertEquals(503, health.statusCode(), "the service answers by itself (database down): " + health.body());
            assertFalse(health.headers().firstValue("X-Request-ID").isPresent(), "the agent must be disabled");
            assertTrue(service.process.isAlive());
        }
    }
}
