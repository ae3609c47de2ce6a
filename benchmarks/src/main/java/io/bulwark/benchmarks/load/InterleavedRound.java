package io.bulwark.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One round of --interleaved: every configuration's server runs at once, all pinned to the server's core. Each is
 * started and warmed up while the others idle; then the measured load moves from one server to the next every
 * {@link #WINDOW}, round-robin (the order rotated each cycle), until each has had --duration of it. Whatever
 * changes this machine's speed over seconds to minutes (on these VMs, ±20% between 10-second windows of one settled
 * process) then falls on every configuration alike, which separate runs one after the other cannot ensure.
 */
final class InterleavedRound {

    static final Duration WINDOW = Duration.ofSeconds(5);
    static final String WINDOWS_CSV_HEADER = "round,workload,cycle,config,requests_per_s,cpu_us_per_request,p50_us";

    private InterleavedRound() {
    }

    /** Stops every server, even when stopping one fails, so that none is left running beside the next round. */
    private static void stopAll(Iterable<ServerRun.Live> servers) throws IOException, InterruptedException {
        IOException failed = null;
        for (ServerRun.Live server : servers) {
            try {
                server.close();
            } catch (IOException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** How many windows each configuration gets: --duration in {@link #WINDOW}s, at least one. */
    static long cycles(Settings settings) {
        return Math.max(1, settings.measure().toSeconds() / WINDOW.toSeconds());
    }

    /**
     * @param windowsCsv one line per measured window is appended to it: the raw series, drift included
     * @return one result per configuration, its figures over all its windows
     */
    static List<RunResult> run(ServerRun runs, Settings settings, int round, Workload workload, long transactionId,
                               String token, Path runsDirectory, Path windowsCsv)
            throws IOException, InterruptedException {
        List<Variant> order = LoadBenchmark.rotated(settings.variants(), round - 1);
        Map<Variant, ServerRun.Live> servers = new EnumMap<>(Variant.class);
        Map<Variant, Path> directories = new EnumMap<>(Variant.class);
        Map<Variant, ServerRun.WarmUp> warmUps = new EnumMap<>(Variant.class);
        Map<Variant, List<ServerRun.Window>> windows = new EnumMap<>(Variant.class);
        try {
            for (Variant variant : order) {
                Path directory = runsDirectory.resolve(String.format("r%d-%s-%s", round,
                    workload.name().toLowerCase(Locale.ROOT), variant));
                directories.put(variant, directory);
                servers.put(variant, runs.launch(round, variant, workload, transactionId, token, directory));
                warmUps.put(variant, runs.warmUp(servers.get(variant), variant, directory));
                windows.put(variant, new ArrayList<>());
                LoadBenchmark.log("  " + variant + " started and warm");
            }
            long cycles = cycles(settings);
            List<String> lines = new ArrayList<>();
            for (int cycle = 1; cycle <= cycles; cycle++) {
                for (Variant variant : LoadBenchmark.rotated(order, cycle - 1)) {
                    ServerRun.Window window = runs.window(servers.get(variant), variant, WINDOW,
                        directories.get(variant).resolve("wrk-window.txt"));
                    windows.get(variant).add(window);
                    lines.add(String.format(Locale.ROOT, "%d,%s,%d,%s,%.1f,%.2f,%d", round, workload, cycle, variant,
                        window.wrk().requestsPerSecond(), window.cpuNanos() / 1000.0 / window.wrk().requests(),
                        window.wrk().p50Micros()));
                }
            }
            Files.write(windowsCsv, lines, StandardOpenOption.APPEND);
            List<RunResult> results = new ArrayList<>();
            for (Variant variant : settings.variants()) {
                ServerRun.Live server = servers.get(variant);
                results.add(runs.finish(server, variant, server.startup, warmUps.get(variant), windows.get(variant),
                    directories.get(variant)));
            }
            return results;
        } finally {
            stopAll(servers.values());
        }
    }
}
