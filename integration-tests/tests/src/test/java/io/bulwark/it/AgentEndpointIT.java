package io.bulwark.it;

import io.bulwark.testbed.JavaProcess;
import io.bulwark.testbed.Jdks;
import io.bulwark.testbed.Ports;
import io.bulwark.testbed.Project;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's own port: taken, chosen by the OS, and never keeping the JVM alive. */
class AgentEndpointIT {

    private final Project project = Project.locate();

    @Test
    void aTakenPortIsOneLogLineAndEverythingElseKeepsWorking() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0)) {
            int taken = squatter.getLocalPort();
            int port = Ports.freePort();
            try (AgentedProcess app = AgentedProcess.started(isolationApp(port, Integer.toString(taken)), port, taken, "/check/ready")) {
                String warning = app.process.awaitLogLine(line -> line.contains("agent endpoint cannot listen"), Duration.ofSeconds(5));
                assertTrue(warning.contains("0.0.0.0:" + taken), warning);
                String banner = app.process.awaitLogLine(line -> line.contains("[bulwark] INFO Bulwark "), Duration.ofSeconds(5));
                assertTrue(banner.contains("endpoint=unavailable"), banner);
                HttpResponse<String> response = app.get("/check/still-instrumented", "X-Request-ID", "port-taken-1");
                assertEquals(200, response.statusCode());
                assertEquals("port-taken-1", response.headers().firstValue("X-Request-ID").orElseThrow());
                app.awaitAccessLog("port-taken-1");
            }
        }
    }

    @Test
    void portZeroPicksAFreePortAndLogsIt() throws Exception {
        int port = Ports.freePort();
        try (JavaProcess app = isolationApp(port, "0").start()) {
            String banner = app.awaitLogLine(line -> line.contains("[bulwark] INFO Bulwark "), Duration.ofSeconds(30));
            Matcher endpoint = Pattern.compile("endpoint=http://0\\.0\\.0\\.0:(\\d+)").matcher(banner);
            assertTrue(endpoint.find(), banner);
            int agentPort = Integer.parseInt(endpoint.group(1));
            assertTrue(agentPort > 0);
            HttpResponse<String> metrics = AgentedProcess.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agentPort + "/metrics")).build());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("bulwark_agent_info"));
        }
    }

    @Test
    void theAgentNeverKeepsTheJvmAlive() throws Exception {
        JavaProcess.Builder builder = JavaProcess.builder("short-lived")
            .jdk(Jdks.jdk25().orElseThrow())
            .workingDirectory(AgentedProcess.workDirectory("short-lived"))
            .javaAgent(project.agentJar(), project.agentConfig())
            .mainClass(isolationClasspath(), "io.bulwark.it.isolation.ShortLivedApp")
            .env("BULWARK_AGENT_PORT", "0");
        try (JavaProcess app = builder.start()) {
            OptionalInt exit = app.waitFor(Duration.ofSeconds(30));
            assertTrue(exit.isPresent(), "the JVM must exit once main returns; output: " + app.lines());
            assertEquals(0, exit.getAsInt());
            assertTrue(app.lines().stream().anyMatch(line -> line.contains("[bulwark] INFO Bulwark ") && line.contains("endpoint=http")),
                "the agent and its endpoint had started: " + app.lines());
            assertTrue(app.lines().contains("short-lived app done"));
        }
    }

    private JavaProcess.Builder isolationApp(int port, String agentPort) throws Exception {
        return JavaProcess.builder("endpoint-" + agentPort)
            .jdk(Jdks.jdk25().orElseThrow())
            .workingDirectory(AgentedProcess.workDirectory("endpoint"))
            .javaAgent(project.agentJar(), project.agentConfig())
            .mainClass(isolationClasspath(), "io.bulwark.it.isolation.IsolationApp")
            .args(Integer.toString(port))
            .env("BULWARK_AGENT_PORT", agentPort);
    }

    private String isolationClasspath() throws Exception {
        Path app = project.resolve("integration-tests/isolation-app/target");
        return Files.readString(app.resolve("runtime.classpath")).trim() + File.pathSeparator + app.resolve("classes");
    }
}
