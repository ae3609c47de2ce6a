package io.bulwark.benchmarks.load;

import io.bulwark.benchmarks.Medians;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The end-to-end results as markdown: per workload, the median of every figure over the rounds, the ratios and
 * differences against A taken within each round (then their median), the targets, and every round's
 * throughput so drift shows.
 */
record LoadReport(Settings settings, Machine machine, List<RunResult> results, Duration took) {

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## End to end").append(settings.quick() ? " (SMOKE RUN: --quick, numbers not for publication)" : "")
            .append("\n\n");
        md.append(conditions(settings, machine, results, took));
        md.append(configurations(settings));
        for (Workload workload : settings.workloads()) {
            workloadSection(md, workload);
        }
        return md.toString();
    }

    /** The machine, the settings, and a warning for runs that were not warm or were disturbed. */
    static String conditions(Settings settings, Machine machine, List<RunResult> results, Duration took) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, """
            Machine: %s, %d CPUs online, %d MB RAM, %s; %s; %s.
            Server JVM pinned to CPU %s with %s; wrk (1 thread, %d connections), the backends and the harness on CPU %s.
            Load average (1/5/15 min) at start %s, at end %s.
            %d round(s); per server: warm-up of at least %d s, then until the JIT compiler threads use under %.1f%% of the \
            core over 10 s (at most %d s), measured run %d s, allocation run %d s; took %d min.

            """, machine.cpu(), machine.cores(), machine.memoryMegabytes(), machine.kernel(), machine.jdk(),
            machine.wrk(), machine.serverCpus(), String.join(" ", settings.serverJvmOptions()), settings.connections(),
            machine.loadCpus(), machine.loadAverageAtStart(), machine.loadAverageAtEnd(), settings.rounds(),
            settings.warmup().toSeconds(), settings.jitSettledShare() * 100, settings.warmupMax().toSeconds(),
            settings.measure().toSeconds(), settings.allocation().toSeconds(), took.toMinutes()));
        if (settings.interleaved()) {
            md.append(String.format(Locale.ROOT, "Interleaved (--interleaved): each round's servers ran at once; the "
                + "measured load moved between them in %d s windows, round-robin, so each measured run is %d "
                + "windows spread over the same minutes as the others' (p50/p99: the median of its windows'; "
                + "every window in interleaved-windows.csv). Start-up: the servers started later in a round started "
                + "beside the idle ones; quote it from the start-up pass (separate starts), not from here.%n%n",
                InterleavedRound.WINDOW.toSeconds(), InterleavedRound.cycles(settings)));
        }
        long unsettled = results.stream().filter(r -> !r.warmupSettled()).count();
        if (unsettled > 0 && !settings.quick() && !settings.warmupMax().isZero()) { // --warmup-max 0: none wanted
            md.append(String.format(Locale.ROOT, "**Not warm:** in %d run(s) the JIT was still compiling when "
                + "--warmup-max ended the warm-up (see the warm-up table); their throughput is a warm-up figure.%n%n",
                unsettled));
        }
        double worstOther = results.stream().mapToDouble(RunResult::otherCpuUtilisation).max().orElse(0);
        if (worstOther > 0.05) {
            md.append(String.format(Locale.ROOT, "**Disturbed:** other processes took up to %.0f%% of the server's "
                + "core during a measured run (see the last column of the per-round tables); rerun on a quiet "
                + "machine.%n%n", worstOther * 100));
        }
        return md.toString();
    }

    /** What each configuration is (E's agent and configuration as given on the command line). */
    static String configurations(Settings settings) {
        List<String> names = new ArrayList<>();
        for (Variant variant : settings.variants()) {
            names.add("**" + variant + "** " + variant.description()
                + (variant == Variant.E ? " (" + compared(settings) + ")" : ""));
        }
        return "Configurations: " + String.join("; ", names) + ".\n\n";
    }

    private static String compared(Settings settings) {
        List<String> given = new ArrayList<>();
        if (settings.compareAgent() != null) {
            given.add("agent " + settings.compareAgent());
        }
        if (settings.compareConfig() != null) {
            given.add("config " + settings.compareConfig());
        }
        return String.join(", ", given);
    }

    private void workloadSection(StringBuilder md, Workload workload) {
        md.append("### `").append(workload.label()).append("`\n\n");
        md.append("Medians over the rounds:\n\n");
        md.append("| Config | req/s | p50 ms | p99 ms | server CPU us/req | start-up to first 200 s | RSS MB | "
            + "live heap MB | classes loaded | allocated B/req |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Variant variant : settings.variants()) {
            List<RunResult> runs = runs(workload, variant);
            if (runs.isEmpty()) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.1f | %.2f | %.0f | %.1f | %.0f | %.0f |%n",
                variant, median(runs, RunResult::requestsPerSecond), median(runs, r -> r.p50Micros() / 1000.0),
                median(runs, r -> r.p99Micros() / 1000.0), median(runs, r -> r.cpuNanosPerRequest() / 1000.0),
                median(runs, r -> r.startupMillis() / 1000.0), median(runs, r -> r.rssKilobytes() / 1024.0),
                median(runs, r -> r.liveHeapKilobytes() / 1024.0), median(runs, r -> r.classesLoaded()),
                median(runs, RunResult::allocatedPerRequest)));
        }
        if (settings.variants().contains(Variant.A)) {
            md.append("\nAgainst A, within each round (median over the rounds):\n\n");
            md.append("| Config | throughput | p50 | p99 | CPU/req | start-up | RSS | live heap | classes | "
                + "allocated/req |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Variant variant : settings.variants()) {
                if (variant == Variant.A || runs(workload, variant).isEmpty()) {
                    continue;
                }
                md.append(String.format(Locale.ROOT,
                    "| %s | x%.3f | x%.3f | x%.3f | x%.3f | %+.2f s | %+.0f MB | %+.1f MB | %+.0f | %+.0f B |%n", variant,
                    vsA(workload, variant, (x, a) -> x.requestsPerSecond() / a.requestsPerSecond()),
                    vsA(workload, variant, (x, a) -> (double) x.p50Micros() / a.p50Micros()),
                    vsA(workload, variant, (x, a) -> (double) x.p99Micros() / a.p99Micros()),
                    vsA(workload, variant, (x, a) -> x.cpuNanosPerRequest() / a.cpuNanosPerRequest()),
                    vsA(workload, variant, LATER_START),
                    vsA(workload, variant, (x, a) -> (x.rssKilobytes() - a.rssKilobytes()) / 1024.0),
                    vsA(workload, variant, (x, a) -> (x.liveHeapKilobytes() - a.liveHeapKilobytes()) / 1024.0),
                    vsA(workload, variant, (x, a) -> x.classesLoaded() - a.classesLoaded()),
                    vsA(workload, variant, (x, a) -> x.allocatedPerRequest() - a.allocatedPerRequest())));
            }
            targets(md, workload);
        }
        startupSection(md, workload);
        warmupSection(md, workload);
        md.append("\nThroughput (req/s) of every run, in the order each round ran them:\n\n");
        md.append("| Round | order | ");
        settings.variants().forEach(v -> md.append(v).append(" | "));
        md.append("server core use: server (+ others) (").append(settings.variants().stream().map(Enum::name)
            .reduce((a, b) -> a + "/" + b).orElse("")).append(") |\n|---|---|");
        settings.variants().forEach(v -> md.append("---:|"));
        md.append("---|\n");
        for (int round = 1; round <= settings.rounds(); round++) {
            int r = round;
            md.append("| ").append(round).append(" | ").append(LoadBenchmark.order(settings.variants(), round))
                .append(" | ");
            List<String> utilisation = new ArrayList<>();
            for (Variant variant : settings.variants()) {
                Optional<RunResult> run = find(workload, variant, r);
                md.append(run.map(x -> String.format(Locale.ROOT, "%.0f", x.requestsPerSecond())).orElse("-"))
                    .append(" | ");
                utilisation.add(run.map(x -> String.format(Locale.ROOT, "%.2f (+%.2f)", x.cpuUtilisation(),
                    x.otherCpuUtilisation())).orElse("-"));
            }
            md.append(String.join("/", utilisation)).append(" |\n");
        }
        md.append("\n");
    }

    /** How long each configuration took to reach a steady state, and how quiet its JIT was while measured. */
    private void warmupSection(StringBuilder md, Workload workload) {
        md.append("\nWarm-up, medians: load before the JIT compiler went quiet (under the threshold above), and the "
            + "compiler threads' share of the core during the measured run:\n\n");
        md.append("| Config | warm-up s | runs settled | JIT share measured |\n|---|---:|---:|---:|\n");
        for (Variant variant : settings.variants()) {
            List<RunResult> runs = runs(workload, variant);
            if (runs.isEmpty()) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %d/%d | %.1f%% |%n", variant,
                median(runs, r -> r.warmupSeconds()), runs.stream().filter(RunResult::warmupSettled).count(),
                runs.size(), median(runs, r -> r.jitCpuShare() * 100)));
        }
    }

    /** Where the start-up time went: the server's CPU time at its first 200, and the JIT compiler's part of it. */
    private void startupSection(StringBuilder md, Workload workload) {
        md.append("\nStart-up, medians: wall time to the first 200, the server's CPU time by then (all threads; "
            + "of which the JIT compiler threads), and how long Bulwark's own start took by its banner (the "
            + "application's start waits for it):\n\n");
        md.append("| Config | start-up s | CPU s | JIT compiler CPU s | other CPU s | Bulwark's start s |\n"
            + "|---|---:|---:|---:|---:|---:|\n");
        for (Variant variant : settings.variants()) {
            List<RunResult> runs = runs(workload, variant);
            if (runs.isEmpty()) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %s |%n", variant,
                median(runs, r -> r.startupMillis() / 1000.0), median(runs, r -> r.startupCpuMillis() / 1000.0),
                median(runs, r -> r.startupJitCpuMillis() / 1000.0),
                median(runs, r -> (r.startupCpuMillis() - r.startupJitCpuMillis()) / 1000.0),
                runs.stream().allMatch(r -> r.agentStartMillis() >= 0) // an agent jar older than the banner's time
                    ? String.format(Locale.ROOT, "%.2f", median(runs, r -> r.agentStartMillis() / 1000.0)) : "–"));
        }
    }

    /**
     * The goals for the agent, each for B and for C against A (throughput at least x0.93 for B and x0.97 for
     * C; p50 within +5%, RSS within +40 MB and start-up within +1.0 s for both); a missed one is a reason to profile.
     */
    private void targets(StringBuilder md, Workload workload) {
        List<String> verdicts = new ArrayList<>();
        for (Variant variant : List.of(Variant.B, Variant.C)) {
            if (runs(workload, variant).isEmpty()) {
                continue;
            }
            double minimum = throughputTarget(variant);
            double throughput = vsA(workload, variant, (x, a) -> x.requestsPerSecond() / a.requestsPerSecond());
            double p50 = vsA(workload, variant, (x, a) -> (double) x.p50Micros() / a.p50Micros());
            double rss = vsA(workload, variant, (x, a) -> (x.rssKilobytes() - a.rssKilobytes()) / 1024.0);
            verdicts.add(String.format(Locale.ROOT,
                "%s throughput >= x%.2f of A: x%.3f %s, p50 within +5%%: x%.3f %s, %sRSS at most +40 MB: %+.0f MB %s",
                variant, minimum, throughput, met(throughput >= minimum), p50, met(p50 <= 1.05),
                settings.interleaved() ? "" // interleaved start-ups are biased: the start-up pass has the target
                    : startUpVerdict(workload, variant) + ", ",
                rss, met(rss <= 40)));
        }
        appendTargets(md, verdicts);
    }

    /** The "Targets:" line under a table, when there is any verdict to give. */
    static void appendTargets(StringBuilder md, List<String> verdicts) {
        if (!verdicts.isEmpty()) {
            md.append("\nTargets: ").append(String.join("; ", verdicts)).append(".\n");
        }
    }

    /** "start-up at most +1.0 s: +0.47 s (met)". */
    private String startUpVerdict(Workload workload, Variant variant) {
        double startup = vsA(workload, variant, LATER_START);
        return String.format(Locale.ROOT, "start-up at most +1.0 s: %+.2f s %s", startup, met(startup <= 1.0));
    }

    /** The least share of A's throughput the issue asks of B (every inbound policy) and of C (no access log). */
    static double throughputTarget(Variant variant) {
        return variant == Variant.B ? 0.93 : 0.97;
    }

    /**
     * The start-up pass (see LoadBenchmark.startUpPass): medians, the differences to A within each round with their
     * middle half (single starts spread over a second or more here), and every round's start-up.
     */
    String startUpMarkdown() {
        Workload workload = settings.workloads().get(0);
        StringBuilder md = new StringBuilder("## Start-up to the first 200").append(settings.quick()
            ? " (SMOKE RUN: --quick, numbers not for publication)" : "").append("\n\n");
        md.append(String.format(Locale.ROOT, "%d round(s); in each, every configuration started once, one server at "
            + "a time (order rotated each round), on the server's core with %s; start-up is the wall time from "
            + "starting the JVM to the first 200 on `%s`; took %d min.%n%n", settings.rounds(),
            String.join(" ", settings.serverJvmOptions()), workload.label(), took.toMinutes()));
        md.append(configurations(settings).stripTrailing()).append('\n');
        startupSection(md, workload);
        if (settings.variants().contains(Variant.A)) {
            md.append("\nAgainst A, within each round: the median difference and the middle half of the rounds' "
                + "differences:\n\n| Config | start-up − A | middle half | CPU − A | JIT CPU − A | classes − A |\n"
                + "|---|---:|---|---:|---:|---:|\n");
            for (Variant variant : settings.variants()) {
                if (variant == Variant.A || runs(workload, variant).isEmpty()) {
                    continue;
                }
                List<Double> later = differences(workload, variant, LATER_START);
                double[] middle = Medians.middleHalf(later);
                md.append(String.format(Locale.ROOT, "| %s | %+.2f s | %s | %+.2f s | %+.2f s | %+.0f |%n",
                    variant, Medians.of(later),
                    Double.isNaN(middle[0]) ? "–" : String.format(Locale.ROOT, "%+.2f to %+.2f s", middle[0],
                        middle[1]),
                    vsA(workload, variant, (x, a) -> (x.startupCpuMillis() - a.startupCpuMillis()) / 1000.0),
                    vsA(workload, variant, (x, a) -> (x.startupJitCpuMillis() - a.startupJitCpuMillis()) / 1000.0),
                    vsA(workload, variant, (x, a) -> x.classesLoaded() - a.classesLoaded())));
            }
            List<String> verdicts = new ArrayList<>();
            for (Variant variant : List.of(Variant.B, Variant.C)) {
                if (!runs(workload, variant).isEmpty()) {
                    verdicts.add(variant + " " + startUpVerdict(workload, variant));
                }
            }
            appendTargets(md, verdicts);
        }
        md.append("\nStart-up (s) of every start, in the order each round ran them:\n\n| Round | order | ");
        settings.variants().forEach(v -> md.append(v).append(" | "));
        md.append("\n|---|---|");
        settings.variants().forEach(v -> md.append("---:|"));
        md.append("\n");
        for (int round = 1; round <= settings.rounds(); round++) {
            md.append("| ").append(round).append(" | ").append(LoadBenchmark.order(settings.variants(), round))
                .append(" | ");
            for (Variant variant : settings.variants()) {
                md.append(find(workload, variant, round).map(x -> String.format(Locale.ROOT, "%.2f",
                    x.startupMillis() / 1000.0)).orElse("-")).append(" | ");
            }
            md.append("\n");
        }
        return md.append("\n").toString();
    }

    /** How a target reads in a report. */
    static String met(boolean met) {
        return met ? "(met)" : "(**missed**)";
    }

    private interface Pair {
        double apply(RunResult variant, RunResult baseline);
    }

    /** Start-up to the first 200, the variant's less A's, in seconds. */
    private static final Pair LATER_START = (x, a) -> (x.startupMillis() - a.startupMillis()) / 1000.0;

    /** The median over rounds of a figure comparing a variant's run with A's run of the same round. */
    private double vsA(Workload workload, Variant variant, Pair comparison) {
        return Medians.of(differences(workload, variant, comparison));
    }

    /** Per round, a figure comparing a variant's run with A's run of the same round. */
    private List<Double> differences(Workload workload, Variant variant, Pair comparison) {
        List<Double> values = new ArrayList<>();
        for (int round = 1; round <= settings.rounds(); round++) {
            Optional<RunResult> x = find(workload, variant, round);
            Optional<RunResult> a = find(workload, Variant.A, round);
            if (x.isPresent() && a.isPresent()) {
                values.add(comparison.apply(x.get(), a.get()));
            }
        }
        return values;
    }

    private List<RunResult> runs(Workload workload, Variant variant) {
        return results.stream().filter(r -> r.workload() == workload && r.variant() == variant).toList();
    }

    private Optional<RunResult> find(Workload workload, Variant variant, int round) {
        return results.stream().filter(r -> r.workload() == workload && r.variant() == variant && r.round() == round)
            .findFirst();
    }

    private static double median(List<RunResult> runs, ToDoubleFunction<RunResult> figure) {
        return Medians.of(runs.stream().map(r -> figure.applyAsDouble(r)).toList());
    }

}
