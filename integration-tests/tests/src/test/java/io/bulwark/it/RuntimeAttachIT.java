package io.bulwark.it;

import io.bulwark.testbed.JavaProcess;
import io.bulwark.testbed.Jdks;
import io.bulwark.testbed.Ports;
import io.bulwark.testbed.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `java -jar bulwark-agent.jar attach <pid>` on a service that is already running and serving. */
class RuntimeAttachIT {

    @TempDir
    Path dir;

    @Test
    void attachingToARunningServiceInstrumentsItsAlreadyLoadedClasses() throws Exception {
        Project project = Project.locate();
        Path app = project.resolve("integration-tests/isolation-app/target");
        String classpath = Files.readString(app.resolve("runtime.classpath")).trim() + File.pathSeparator + app.resolve("classes");
        Path config = dir.resolve("attach.yaml");
        Files.writeString(config, "endpoint: {port: 0}\n");
        int port = Ports.freePort();
        JavaProcess.Builder builder = JavaProcess.builder("attach-target")
            .jdk(Jdks.jdk25().orElseThrow())
            .workingDirectory(AgentedProcess.workDirectory("attach"))
            .mainClass(classpath, "io.bulwark.it.isolation.IsolationApp")
            .args(Integer.toString(port));
        try (AgentedProcess target = AgentedProcess.started(builder, port, 0, "/check/before")) {
            HttpResponse<String> before = target.get("/check/before", "X-Request-ID", "before-attach");
            assertEquals(200, before.statusCode());
            assertFalse(before.headers().firstValue("X-Request-ID").isPresent(), "no agent yet");

            JavaProcess attach = JavaProcess.builder("attach-command")
                .jdk(Jdks.jdk25().orElseThrow())
                .workingDirectory(AgentedProcess.workDirectory("attach"))
                .jar(project.agentJar())
                .args("attach", Long.toString(target.process.pid()), "config=" + config)
                .start();
            assertEquals(0, attach.waitFor(Duration.ofSeconds(60)).orElseThrow(), String.join("\n", attach.lines()));

            String banner = target.process.awaitLogLine(line -> line.contains("[bulwark] INFO Bulwark "), Duration.ofSeconds(30));
            Matcher endpoint = Pattern.compile("endpoint=http://0\\.0\\.0\\.0:(\\d+)").matcher(banner);
            assertTrue(endpoint.find(), banner);

            HttpResponse<String> after = target.get("/check/after", "X-Request-ID", "after-attach");
            assertEquals(200, after.statusCode());
            assertEquals("after-attach", after.headers().firstValue("X-Request-ID").orElseThrow());
            target.awaitAccessLog("after-attach");

            HttpResponse<String> metrics = AgentedProcess.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + endpoint.group(1) + "/metrics")).build());
            assertEquals(1.0, AgentedProcess.sample(metrics.body(),
                "http_requests_total{endpoint=\"/check/{name}\",method=\"GET\",status=\"200\"}"), metrics.body());
            assertEquals(1.0, AgentedProcess.sample(metrics.body(), "isolation_checks_total{name=\"after\"}"),
                "the application's Micrometer, initialised before the agent came, is bridged too");
        }
    }
}
