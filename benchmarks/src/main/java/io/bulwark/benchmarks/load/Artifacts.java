package io.bulwark.benchmarks.load;

import io.bulwark.testbed.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files a run needs, all inside the repository but for the agent jar to compare with (configuration E, null
 * unless given); checked before any backend starts.
 */
record Artifacts(Path sampleService, Path bulwarkAgent, Path openTelemetryAgent, Path allPoliciesConfig,
                 Path noAccessLogConfig, Path wrkScript, Path compareAgent) {

    static Artifacts of(Project project, Path compareAgent) throws IOException {
        Path benchmarks = project.resolve("benchmarks");
        Artifacts artifacts = new Artifacts(project.sampleServiceJar(), project.agentJar(),
            benchmarks.resolve("target/agents/opentelemetry-javaagent.jar"),
            benchmarks.resolve("config/bulwark-all-policies.yaml"),
            benchmarks.resolve("config/bulwark-no-access-log.yaml"),
            benchmarks.resolve("wrk/report.lua"), compareAgent);
        for (Path file : List.of(artifacts.sampleService, artifacts.bulwarkAgent, artifacts.openTelemetryAgent,
                artifacts.allPoliciesConfig, artifacts.noAccessLogConfig, artifacts.wrkScript)) {
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + " is missing: build with benchmarks/run.sh (or mvn -Pbenchmarks "
                    + "-DskipTests install)");
            }
        }
        if (compareAgent != null && !Files.isRegularFile(compareAgent)) {
            throw new IOException("--compare-agent " + compareAgent + " is not a file");
        }
        return artifacts;
    }
}
