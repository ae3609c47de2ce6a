package io.bulwark.benchmarks.load;

import io.bulwark.testbed.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files a run needs, all inside the repository but for configuration E's agent jar and configuration (this
 * build's and C's unless --compare-agent and --compare-config say otherwise); checked before any backend starts.
 */
record Artifacts(Path sampleService, Path bulwarkAgent, Path openTelemetryAgent, Path allPoliciesConfig,
                 Path noAccessLogConfig, Path wrkScript, Path compareAgent, Path compareConfig) {

    static Artifacts of(Project project, Path compareAgent, Path compareConfig) throws IOException {
        Path benchmarks = project.resolve("benchmarks");
        Path noAccessLog = benchmarks.resolve("config/bulwark-no-access-log.yaml");
        Artifacts artifacts = new Artifacts(project.sampleServiceJar(), project.agentJar(),
            benchmarks.resolve("target/agents/opentelemetry-javaagent.jar"),
            benchmarks.resolve("config/bulwark-all-policies.yaml"), noAccessLog,
            benchmarks.resolve("wrk/report.lua"),
            compareAgent != null ? compareAgent : project.agentJar(),
            compareConfig != null ? compareConfig : noAccessLog);
        for (Path file : List.of(artifacts.sampleService, artifacts.bulwarkAgent, artifacts.openTelemetryAgent,
                artifacts.allPoliciesConfig, artifacts.noAccessLogConfig, artifacts.wrkScript)) {
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + " is missing: build with benchmarks/run.sh (or mvn -Pbenchmarks "
                    + "-DskipTests install)");
            }
        }
        for (Path given : new Path[] {compareAgent, compareConfig}) {
            if (given != null && !Files.isRegularFile(given)) {
                throw new IOException("configuration E: " + given + " is not a file");
            }
        }
        return artifacts;
    }
}
