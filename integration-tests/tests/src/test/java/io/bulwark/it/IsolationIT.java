package io.bulwark.it;

import io.bulwark.testbed.JavaProcess;
import io.bulwark.testbed.Jdks;
import io.bulwark.testbed.Ports;
import io.bulwark.testbed.Project;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application that brings its own older Micrometer (1.9), Jackson (2.12), SnakeYAML (1.33) and Undertow (2.3),
 * loaded by the system class loader or by a child class loader: it keeps using its own versions, and the agent
 * (which shades newer ones) still instruments it and exposes the application's Micrometer counter.
 */
class IsolationIT {

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
            .javaAgent(project.agentJar(), project.agentConfig())
            .mainClass(classpath, "io.bulwark.it.isolation.IsolationApp")
            .args(Integer.toString(port), mode)
            .env("BULWARK_AGENT_PORT", Integer.toString(agentPort));
        try (AgentedProcess process = AgentedProcess.started(builder, port, agentPort, "/check/ready")) {
            HttpResponse<String> response = process.get("/check/isolated", "X-Request-ID", "iso-1");
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("snakeyaml-1.33.jar", AgentedProcess.jsonField(response.body(), "snakeyaml"));
            assertEquals("jackson-databind-2.12.7.jar", AgentedProcess.jsonField(response.body(), "jackson"));
            assertEquals("micrometer-core-1.9.17.jar", AgentedProcess.jsonField(response.body(), "micrometer"));
            assertEquals("undertow-core-2.3.21.Final.jar", AgentedProcess.jsonField(response.body(), "undertow"));
            assertEquals(mode.equals("--child-loader") ? "isolation-child" : "app",
                AgentedProcess.jsonField(response.body(), "loader"));

            assertEquals("iso-1", response.headers().firstValue("X-Request-ID").orElseThrow());
            String metrics = process.metrics();
            // this request and the readiness probe
            assertTrue(AgentedProcess.sample(metrics,
                "http_requests_total{endpoint=\"/check/{name}\",method=\"GET\",status=\"200\"}") >= 2, metrics);
            assertEquals(1.0, AgentedProcess.sample(metrics, "isolation_checks_total{name=\"isolated\"}"), metrics);
            assertEquals(0.0, AgentedProcess.sample(metrics, "bulwark_agent_errors_total"), metrics);
            assertTrue(process.process.lines().stream().noneMatch(line -> line.contains("sun.misc.Unsafe") && line.contains("bulwark")),
                "the agent must not trigger JDK warnings about sun.misc.Unsafe");
        }
    }
}
