package io.bulwark.benchmarks.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A way of running the sample service: the configurations the benchmark compares. */
enum Variant {
    A("no agent"),
    B("Bulwark, every inbound policy"),
    C("Bulwark, access log off"),
    D("OpenTelemetry agent, Prometheus metrics only"),
    /**
     * C with another build of the agent (--compare-agent) or another configuration (--compare-config): before and
     * after a change, or a policy's share, in the same rounds.
     */
    E("Bulwark as C, with the agent jar and configuration given by --compare-agent / --compare-config");

    /** What a run compares when --configs does not say: E only on request. */
    static final List<Variant> DEFAULT = List.of(A, B, C, D);

    private final String description;

    Variant(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    boolean isBulwark() {
        return this == B || this == C || this == E;
    }

    /** The JVM options that attach this variant's agent (none for A). */
    List<String> agentOptions(Artifacts artifacts, int otelMetricsPort) {
        List<String> options = new ArrayList<>();
        if (isBulwark()) {
            options.add("-javaagent:" + bulwarkAgent(artifacts) + "=config=" + bulwarkConfig(artifacts));
        } else if (this == D) {
            options.add("-javaagent:" + artifacts.openTelemetryAgent());
            options.add("-Dotel.service.name=sample-service");
            options.add("-Dotel.traces.exporter=none");
            options.add("-Dotel.logs.exporter=none");
            options.add("-Dotel.metrics.exporter=prometheus");
            options.add("-Dotel.exporter.prometheus.host=127.0.0.1");
            options.add("-Dotel.exporter.prometheus.port=" + otelMetricsPort);
        }
        return options;
    }

    /** The Bulwark jar of B, C or E. */
    Path bulwarkAgent(Artifacts artifacts) {
        return this == E ? artifacts.compareAgent() : artifacts.bulwarkAgent();
    }

    /** The agent-config.yaml of B, C or E. */
    Path bulwarkConfig(Artifacts artifacts) {
        return switch (this) {
            case B -> artifacts.allPoliciesConfig();
            case C -> artifacts.noAccessLogConfig();
            case E -> artifacts.compareConfig();
            default -> throw new IllegalStateException(this + " is not Bulwark");
        };
    }
}
