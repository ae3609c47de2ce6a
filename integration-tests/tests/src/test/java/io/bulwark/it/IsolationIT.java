package io.bulwark.it;

import io.bulwark.testbed.JavaProcess;
import io.bulwark.testbed.Jdks;
import io.bulwark.testbed.Ports;
import io.bulwark.testbed.Project;
import io.bulwark.testbed.RedisBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application that brings its own older Micrometer (1.9), Jackson (2.12), SnakeYAML (1.33), Undertow (2.3) and
 * Jedis (3.8, with Commons Pool 2.11 and SLF4J 1.7), loaded by the system class loader or by a child class loader:
 * it keeps using its own versions, and the agent (which shades newer ones) still instruments it, exposes the
 * application's Micrometer counter and keeps its rate-limit buckets in Redis with its own Jedis.
 */
class IsolationIT {

    private static RedisBackend redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = new RedisBackend(Project.locate().resolve("integration-tests/tests/target/work/isolation-redis"));
        redis.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"system-loader", "--child-loader"})
    void applicationKeepsItsOwnLibrariesAndTheAgentStillWorks(String mode) throws Exception {
        Project project = Project.locate();
        Path app = project.resolve("integration-tests/isolation-app/target");
        String classpath = Files.readString(app.resolve("runtime.classpath")).trim() + File.pathSeparator + app.resolve("classes");
        int port = Ports.freePort();
        int agentPort = Ports.freePort();
        JavaProcess.Builder builder = JavaProcess.builder("isolation-" + mode)
            .jdk(Jdks.jdk25().orElseThrow())
            .workingDirectory(AgentedProcess.workDirectory("isolation"))
            .javaAgent(project.agentJar(), project.agentConfig())
            .mainClass(classpath, "io.bulwark.it.isolation.IsolationApp")
            .args(Integer.toString(port), mode)
            .env("BULWARK_AGENT_PORT", Integer.toString(agentPort))
            .env("RATE_LIMIT_BACKEND", "redis")
            .env("RATE_LIMIT_REDIS_URL", redis.url())
            .env("REDIS_URL", redis.url());
        try (AgentedProcess process = AgentedProcess.started(builder, port, agentPort, "/check/ready")) {
            HttpResponse<String> response = process.get("/check/isolated", "X-Request-ID", "iso-1");
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("snakeyaml-1.33.jar", AgentedProcess.jsonField(response.body(), "snakeyaml"));
            assertEquals("jackson-databind-2.12.7.jar", AgentedProcess.jsonField(response.body(), "jackson"));
            assertEquals("micrometer-core-1.9.17.jar", AgentedProcess.jsonField(response.body(), "micrometer"));
            assertEquals("undertow-core-2.3.21.Final.jar", AgentedProcess.jsonField(response.body(), "undertow"));
            assertEquals("jedis-3.8.0.jar", AgentedProcess.jsonField(response.body(), "jedis"));
            assertEquals("commons-pool2-2.11.1.jar", AgentedProcess.jsonField(response.body(), "commons-pool2"));
            assertEquals("slf4j-api-1.7.30.jar", AgentedProcess.jsonField(response.body(), "slf4j"));
            assertEquals("1", AgentedProcess.jsonField(response.body(), "agentKeys"),
                "the agent's bucket for this client, written by its own Jedis: " + response.body());
            assertEquals("100", response.headers().firstValue("X-RateLimit-Limit").orElseThrow());
            assertEquals(mode.equals("--child-loader") ? "isolation-child" : "app",
                AgentedProcess.jsonField(response.body(), "loader"));

            assertEquals("iso-1", response.headers().firstValue("X-Request-ID").orElseThrow());
            String metrics = process.metrics();
            // this request and the readiness probe
            assertTrue(AgentedProcess.sample(metrics,
                "http_requests_total{endpoint=\"/check/{name}\",method=\"GET\",status=\"200\"}") >= 2, metrics);
            assertEquals(1.0, AgentedProcess.sample(metrics, "isolation_checks_total{name=\"isolated\"}"), metrics);
            assertEquals(0.0, AgentedProcess.sample(metrics, "bulwark_agent_errors_total"), metrics);
            assertEquals(1.0, AgentedProcess.sample(metrics,
                "rate_limit_backend_mode{backend=\"redis\",mode=\"redis\"}"), metrics);
            assertTrue(process.process.lines().stream().noneMatch(line -> line.startsWith("SLF4J(")),
                "the agent's SLF4J (2.x, relocated) has its no-op provider: " + process.process.lines());
            assertTrue(process.process.lines().stream().noneMatch(line -> line.contains("sun.misc.Unsafe") && line.contains("bulwark")),
                "the agent must not trigger JDK warnings about sun.misc.Unsafe");
        }
    }
}
