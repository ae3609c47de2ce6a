package io.bulwark.benchmarks.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long and how hard to run, from the command line. Defaults are the full run; {@code --quick} is a smoke run of
 * a few minutes whose numbers only prove the harness works.
 */
record Settings(int rounds, Duration warmup, Duration warmupMax, double jitSettledShare, Duration measure,
                Duration allocation, int connections,
                int wrkThreads, String serverCpus, String loadCpus, List<String> serverJvmOptions,
                List<Variant> variants, List<Workload> workloads, Path output, boolean quick, Path compareAgent,
                Path compareConfig, boolean sameProcess, boolean interleaved, int startUpRounds) {

    /** What each start-up pass's server runs after its first 200: enough to take its figures, not quoted. */
    private static final Duration START_UP_LOAD = Duration.ofSeconds(2);

    /**
     * A fixed, pre-touched heap: RSS then differs between configurations only by what lives outside the heap
     * (metaspace, code, threads, the agents' own memory), not by how much of the heap a run happened to touch. The
     * serial collector is what the JVM picks on one CPU anyway; naming it keeps runs comparable across JDKs.
     */
    static final List<String> DEFAULT_SERVER_JVM_OPTIONS = List.of("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch",
        "-XX:+UseSerialGC");

    static Settings parse(String[] args) {
        boolean quick = List.of(args).contains("--quick");
        int rounds = quick ? 1 : 3;
        // The server has one core, which its JIT compilers share with a dozen busy request threads: C2 is still
        // compiling hot request-path methods one to three minutes after start, and a run measured before it is
        // done varies by +-40% with the order the JIT happened to take (seen with -Xlog:jit+compilation: the slow
        // runs still ran the hot path at tier 3). So the warm-up lasts until the compiler threads have gone quiet
        // (see ServerRun.warmUp), at least --warmup and at most --warmup-max seconds.
        Duration warmup = Duration.ofSeconds(quick ? 5 : 60);
        Duration warmupMax = Duration.ofSeconds(quick ? 5 : 300);
        double jitSettledShare = 0.02;
        Duration measure = Duration.ofSeconds(quick ? 5 : 60);
        Duration allocation = Duration.ofSeconds(quick ? 3 : 5);
        int connections = 16;
        String serverCpus = "0";
        String loadCpus = "1";
        List<Variant> variants = Variant.DEFAULT;
        List<Workload> workloads = List.of(Workload.values());
        Path output = null;
        Path compareAgent = null;
        Path compareConfig = null;
        boolean sameProcess = false;
        boolean separate = false;
        boolean interleavedAsked = false;
        int startUpRounds = quick ? 1 : 10;
        List<String> jvmOptions = new ArrayList<>(DEFAULT_SERVER_JVM_OPTIONS);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> { }
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--warmup-max" -> warmupMax = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--jit-settled" -> jitSettledShare = Double.parseDouble(args[++i]) / 100;
                case "--duration" -> measure = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--alloc-duration" -> allocation = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--server-cpus" -> serverCpus = args[++i];
                case "--load-cpus" -> loadCpus = args[++i];
                case "--configs" -> variants = args[++i].chars().mapToObj(c -> Variant.valueOf(String.valueOf((char) c)))
                    .toList();
                case "--workloads" -> workloads = parseWorkloads(args[++i]);
                case "--output" -> output = Path.of(args[++i]);
                // absolute: each server runs in a directory of its own
                case "--compare-agent" -> compareAgent = Path.of(args[++i]).toAbsolutePath();
                case "--compare-config" -> compareConfig = Path.of(args[++i]).toAbsolutePath();
                case "--same-process" -> sameProcess = true;
                case "--interleaved" -> interleavedAsked = true; // the default; kept for older command lines
                case "--separate" -> separate = true;
                case "--start-up-rounds" -> startUpRounds = Integer.parseInt(args[++i]);
                // for profiling a missed target (e.g. -agentpath:.../libasyncProfiler.so=...), never for the
                // published numbers
                case "--server-option" -> jvmOptions.add(args[++i]);
                // for profiling a missed target, never for the published numbers: JFR costs CPU and allocates
                case "--jfr" -> {
                    // deep stacks: the agent's frames sit below the server's and the application's
                    jvmOptions.add("-XX:FlightRecorderOptions:stackdepth=256");
                    jvmOptions.add("-XX:StartFlightRecording:filename=server.jfr,settings=profile,dumponexit=true");
                }
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + usage());
            }
        }
        if (rounds < 1 || warmup.isNegative() || measure.toSeconds() < 1 || allocation.toSeconds() < 1) {
            throw new IllegalArgumentException("rounds must be >= 1 and durations >= 1 s\n" + usage());
        }
        if (variants.contains(Variant.E) != (compareAgent != null || compareConfig != null)) {
            throw new IllegalArgumentException("configuration E goes with --compare-agent, --compare-config or both\n"
                + usage());
        }
        if (separate && (sameProcess || interleavedAsked)) {
            throw new IllegalArgumentException("--separate, --same-process or --interleaved: one of them\n" + usage());
        }
        if (sameProcess && interleavedAsked) {
            throw new IllegalArgumentException("--same-process or --interleaved, not both\n" + usage());
        }
        if (startUpRounds < 0) {
            throw new IllegalArgumentException("--start-up-rounds must be >= 0\n" + usage());
        }
        boolean interleaved = !separate && !sameProcess;
        if (sameProcess && variants == Variant.DEFAULT) {
            variants = List.of(Variant.A, Variant.B, Variant.C);
        }
        if (sameProcess && (!variants.contains(Variant.A) || variants.contains(Variant.D))) {
            throw new IllegalArgumentException("--same-process needs A (the control) and cannot attach D at run "
                + "time\n" + usage());
        }
        warmupMax = warmupMax.compareTo(warmup) < 0 ? warmup : warmupMax;
        return new Settings(rounds, warmup, warmupMax, jitSettledShare, measure, allocation, connections, 1,
            serverCpus, loadCpus, List.copyOf(jvmOptions), variants, workloads, output, quick, compareAgent,
            compareConfig, sameProcess, interleaved, startUpRounds);
    }

    /**
     * The start-up pass: the same configurations started one at a time (no other server beside them), in an order
     * rotated each round, on the first workload's URL; no warm-up, and only a short load after the first 200.
     */
    Settings startUpPass() {
        return new Settings(startUpRounds, Duration.ZERO, Duration.ZERO, jitSettledShare, START_UP_LOAD,
            Duration.ofSeconds(1), connections, wrkThreads, serverCpus, loadCpus, serverJvmOptions, variants,
            List.of(workloads.get(0)), output, quick, compareAgent, compareConfig, false, false, 0);
    }

    private static List<Workload> parseWorkloads(String value) {
        List<Workload> workloads = new ArrayList<>();
        for (String name : value.split(",")) {
            workloads.add(Workload.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT)));
        }
        return workloads;
    }

    static String usage() {
        return """
            options: --quick | --rounds N (3) | --duration S (60) | --alloc-duration S (5)
                     --warmup S (60) | --warmup-max S (300) | --jit-settled PERCENT (2): warm up for at least S
                     seconds, then until the JIT compiler threads used under PERCENT of the server's CPU for 10 s
                     (--warmup 0 --warmup-max 0: no warm-up, e.g. for start-up figures only)
                     --connections N (16) | --server-cpus LIST (0) | --load-cpus LIST (1)
                     --configs ABCD | --workloads transaction,health | --output DIR
                     --compare-agent JAR, --compare-config YAML (either or both, with --configs ...E: configuration
                     C with another build of the agent, e.g. before a change, or with another agent-config.yaml,
                     e.g. one policy off, in the same rounds as this one's)
                     --same-process (each configuration's server is measured twice, first without an agent, then
                     with its agent attached at run time; A's second run is the control. It measures the attach
                     path; it does not remove the machine's drift, which --interleaved does: see BENCHMARKS.md)
                     By default every configuration's server of a round runs at once (interleaved): after each has
                     warmed up, the measured load moves between them every 5 s until each has had --duration, so
                     the machine's drift over seconds and minutes falls on all alike. --separate runs them one after
                     the other instead (each server alone on its core, the drift between them not removed)
                     --start-up-rounds N (10; 0: none): after the load rounds, each configuration started N more
                     times, one server at a time and in a rotated order, for start-up to the first 200 (interleaved
                     servers start beside each other, which biases their start-up)
                     --jfr (a JFR profile of every server run, runs/*/server.jfr: for profiling, not for numbers)
                     --server-option OPTION (one more JVM option for every server run, e.g. a profiler's -agentpath)""";
    }
}
