package io.bulwark.it;

import io.bulwark.testbed.Jdks;
import io.bulwark.testbed.Project;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The agent and the sample service are compiled for Java 17: the same service with the agent on a JDK 17. */
class Jdk17IT {

    @Test
    void sampleServiceWithTheAgentRunsOnJdk17() throws Exception {
        assumeTrue(Jdks.jdk17().isPresent(), "no JDK 17 installed (set JDK17_HOME)");
        Path temporaryFiles = SampleServiceAgentIT.emptyDirectory(
            Project.locate().resolve("integration-tests/tests/target/work/sample-jdk17-tmp"));
        try (AgentedProcess service = AgentedProcess.sampleService("sample-jdk17", Jdks.jdk17().get(),
            Project.locate().agentConfig(), SharedStack.get().env(), "-Djava.io.tmpdir=" + temporaryFiles)) {
            String series = "http_requests_total{endpoint=\"/api/v1/health\",method=\"GET\",status=\"200\"}";
            double before = AgentedProcess.sample(service.metrics(), series);
            HttpResponse<String> health = service.get("/api/v1/health", "X-Request-ID", "on-jdk-17");
            assertEquals(200, health.statusCode(), health.body());
            assertEquals("on-jdk-17", health.headers().firstValue("X-Request-ID").orElseThrow());
            assertTrue(health.headers().firstValue("X-Process-Time").isPresent());
            assertEquals("/api/v1/health", AgentedProcess.jsonField(service.awaitAccessLog("on-jdk-17"), "endpoint"));
            assertEquals(before + 1, AgentedProcess.sample(service.metrics(), series));
            String version = service.process.awaitLogLine(line -> line.contains("[bulwark] INFO Bulwark "), Duration.ofSeconds(5));
            assertTrue(version.contains("active=[request_id"), version);
            assertEquals(List.of(), SampleServiceAgentIT.agentFiles(temporaryFiles), "the bootstrap jar is gone");
            assertTrue(service.process.lines().stream().noneMatch(line -> line.contains("Sharing is only supported")),
                "the bootstrap classes are defined, not appended to the bootstrap search path");
        }
    }
}
