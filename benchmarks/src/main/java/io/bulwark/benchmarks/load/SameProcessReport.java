package io.bulwark.benchmarks.load;

import io.bulwark.benchmarks.Medians;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The --same-process results as markdown. Each process is its own baseline: a figure's change from its first run
 * (no agent) to its second (agent attached), divided by (or, for allocation, less) the change the control process
 * (A, no agent either time) shows in the same round, is the agent's cost free of what separates one process from
 * another on these machines (the memory speed a process draws; see BENCHMARKS.md, Reading).
 */
record SameProcessReport(Settings settings, Machine machine, List<SameProcessResult> results, Duration took) {

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## End to end, agent attached to the same process")
            .append(settings.quick() ? " (SMOKE RUN: --quick, numbers not for publication)" : "").append("\n\n");
        List<RunResult> runs = new ArrayList<>();
        for (SameProcessResult result : results) {
            runs.add(result.before());
            runs.add(result.after());
        }
        md.append(LoadReport.conditions(settings, machine, runs, took));
        md.append("""
            Every server starts without an agent, warms up and is measured (*before*); then the configuration's \
            Bulwark is attached to it at run time (`java -jar bulwark-agent.jar attach <pid> config=...`, which \
            retransforms the classes already loaded), and it warms up and is measured again (*after*). A's server is \
            measured twice without an agent: the control, what a process's second run changes by itself. Each \
            figure below is a process's after/before, divided by the control's of the same round.

            """);
        md.append(LoadReport.configurations(settings));
        for (Workload workload : settings.workloads()) {
            workloadSection(md, workload);
        }
        return md.toString();
    }

    private void workloadSection(StringBuilder md, Workload workload) {
        md.append("### `").append(workload.label()).append("`\n\n");
        md.append("Against the control, within each round: median over the rounds (lowest and highest round):\n\n");
        md.append("| Config | throughput | CPU/req | p50 | p99 | allocated/req | attach to first request s "
            + "| Bulwark's start s |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Variant variant : settings.variants()) {
            if (variant == Variant.A || runs(workload, variant).isEmpty()) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.2f | %.2f |%n", variant,
                ratio(workload, variant, RunResult::requestsPerSecond),
                ratio(workload, variant, RunResult::cpuNanosPerRequest),
                ratio(workload, variant, r -> r.p50Micros()), ratio(workload, variant, r -> r.p99Micros()),
                difference(workload, variant, RunResult::allocatedPerRequest),
                median(workload, variant, r -> r.after().startupMillis() / 1000.0),
                median(workload, variant, r -> r.after().agentStartMillis() / 1000.0)));
        }
        md.append(String.format(Locale.ROOT, """

            The control itself (A's second run against its first; its spread is this comparison's noise): \
            throughput %s, CPU/req %s, p50 %s.
            """, control(workload, RunResult::requestsPerSecond), control(workload, RunResult::cpuNanosPerRequest),
            control(workload, r -> r.p50Micros())));
        targets(md, workload);
        md.append("\nEvery process, in the order each round ran them: req/s before → after (x after/before); "
            + "CPU µs/req before → after:\n\n| Round | order |");
        settings.variants().forEach(v -> md.append(' ').append(v).append(v == Variant.A ? " (control) |" : " |"));
        md.append("\n|---|---|");
        settings.variants().forEach(v -> md.append("---|"));
        md.append('\n');
        for (int round = 1; round <= settings.rounds(); round++) {
            md.append("| ").append(round).append(" | ").append(LoadBenchmark.order(settings.variants(), round))
                .append(" |");
            for (Variant variant : settings.variants()) {
                Optional<SameProcessResult> process = find(workload, variant, round);
                md.append(' ').append(process.map(p -> String.format(Locale.ROOT,
                    "%.0f → %.0f (x%.3f); %.1f → %.1f", p.before().requestsPerSecond(),
                    p.after().requestsPerSecond(), p.after().requestsPerSecond() / p.before().requestsPerSecond(),
                    p.before().cpuNanosPerRequest() / 1000, p.after().cpuNanosPerRequest() / 1000)).orElse("-"))
                    .append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    /** The goals, read from the same-process ratios. */
    private void targets(StringBuilder md, Workload workload) {
        List<String> verdicts = new ArrayList<>();
        for (Variant variant : List.of(Variant.B, Variant.C)) {
            if (runs(workload, variant).isEmpty()) {
                continue;
            }
            double minimum = LoadReport.throughputTarget(variant);
            double throughput = within(workload, variant, RunResult::requestsPerSecond);
            double p50 = within(workload, variant, r -> r.p50Micros());
            verdicts.add(String.format(Locale.ROOT, "%s throughput >= x%.2f: x%.3f %s, p50 within +5%%: x%.3f %s",
                variant, minimum, throughput, LoadReport.met(throughput >= minimum), p50, LoadReport.met(p50 <= 1.05)));
        }
        LoadReport.appendTargets(md, verdicts);
    }

    /** "x0.981 (0.952–1.010)": the variant's after/before over the control's, per round. */
    private String ratio(Workload workload, Variant variant, ToDoubleFunction<RunResult> figure) {
        List<Double> values = ratios(workload, variant, figure);
        return String.format(Locale.ROOT, "x%.3f (%.3f–%.3f)", Medians.of(values), min(values), max(values));
    }

    private double within(Workload workload, Variant variant, ToDoubleFunction<RunResult> figure) {
        return Medians.of(ratios(workload, variant, figure));
    }

    private List<Double> ratios(Workload workload, Variant variant, ToDoubleFunction<RunResult> figure) {
        return perRound(workload, variant, (x, control) -> change(x, figure) / change(control, figure));
    }

    /** "+412 B (380–450)": the variant's after − before, less the control's, per round. */
    private String difference(Workload workload, Variant variant, ToDoubleFunction<RunResult> figure) {
        List<Double> values = perRound(workload, variant, (x, control) -> figure.applyAsDouble(x.after())
            - figure.applyAsDouble(x.before()) - figure.applyAsDouble(control.after())
            + figure.applyAsDouble(control.before()));
        return String.format(Locale.ROOT, "%+.0f B (%+.0f to %+.0f)", Medians.of(values), min(values), max(values));
    }

    private String control(Workload workload, ToDoubleFunction<RunResult> figure) {
        List<Double> values = new ArrayList<>();
        for (SameProcessResult control : runs(workload, Variant.A)) {
            values.add(change(control, figure));
        }
        return String.format(Locale.ROOT, "x%.3f (%.3f–%.3f)", Medians.of(values), min(values), max(values));
    }

    private static double change(SameProcessResult process, ToDoubleFunction<RunResult> figure) {
        return figure.applyAsDouble(process.after()) / figure.applyAsDouble(process.before());
    }

    private interface AgainstControl {
        double apply(SameProcessResult process, SameProcessResult control);
    }

    private List<Double> perRound(Workload workload, Variant variant, AgainstControl comparison) {
        List<Double> values = new ArrayList<>();
        for (int round = 1; round <= settings.rounds(); round++) {
            Optional<SameProcessResult> process = find(workload, variant, round);
            Optional<SameProcessResult> control = find(workload, Variant.A, round);
            if (process.isPresent() && control.isPresent()) {
                values.add(comparison.apply(process.get(), control.get()));
            }
        }
        return values;
    }

    private double median(Workload workload, Variant variant, ToDoubleFunction<SameProcessResult> figure) {
        return Medians.of(runs(workload, variant).stream().map(figure::applyAsDouble).toList());
    }

    private List<SameProcessResult> runs(Workload workload, Variant variant) {
        return results.stream().filter(r -> r.workload() == workload && r.variant() == variant).toList();
    }

    private Optional<SameProcessResult> find(Workload workload, Variant variant, int round) {
        return results.stream().filter(r -> r.workload() == workload && r.variant() == variant && r.round() == round)
            .findFirst();
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
