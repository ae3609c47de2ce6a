package io.bulwark.benchmarks.load;

import io.bulwark.testbed.Project;
import io.bulwark.testbed.Stack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The end-to-end overhead benchmark (benchmarks/run.sh starts it pinned to the load generator's cores, so the
 * backends it starts run there too and the server's core serves only the server). Starts real PostgreSQL, Redis,
 * Kafka and Elasticsearch once, creates and caches one transaction, then for each round and workload runs every
 * configuration once: by default all of a round's servers at once with the load interleaved between them
 * ({@link InterleavedRound}); with --separate one after the other, in an order rotated each round; so that drift
 * over time falls on every configuration alike. Writes load.csv (one line per server run) and load.md (medians, and
 * ratios taken within each round); then the start-up pass (start-up.csv, start-up.md).
 */
public final class LoadBenchmark {

    private static final String JWT_SECRET = "bulwark-benchmark-secret";
    private static final Pattern TRANSACTION_ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Project project = Project.locate();
        Path output = settings.output() != null ? settings.output() : project.resolve("benchmarks/results/"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(output);
        Artifacts artifacts = Artifacts.of(project, settings.compareAgent(), settings.compareConfig());
        Wrk.requireInstalled();
        Machine machine = Machine.describe(settings);
        if (machine.busy()) {
            log("WARNING: load average " + machine.loadAverageAtStart() + ": the machine is not quiet, the numbers "
                + "will be disturbed");
        }
        Wrk wrk = new Wrk(settings.loadCpus(), settings.wrkThreads(), settings.connections(), artifacts.wrkScript());

        long began = System.nanoTime();
        List<RunResult> results = new ArrayList<>();
        List<SameProcessResult> sameProcess = new ArrayList<>();
        Path csv = output.resolve(settings.sameProcess() ? "same-process.csv" : "load.csv");
        Files.writeString(csv, (settings.sameProcess() ? SameProcessResult.CSV_HEADER : RunResult.CSV_HEADER) + "\n");
        try (Stack stack = Stack.fresh(output.resolve("backends"))) {
            log("starting PostgreSQL, Redis, Kafka and Elasticsearch");
            stack.start();
            String token = Tokens.sign(JWT_SECRET, "demo", Duration.ofDays(1));
            ServerRun runs = new ServerRun(settings, artifacts, stack.env(), JWT_SECRET, wrk);
            long transactionId = createTransaction(runs, output.resolve("runs/setup"), token);
            log("transaction " + transactionId + " created and cached");
            int total = settings.rounds() * settings.workloads().size() * settings.variants().size();
            int done = 0;
            Path windowsCsv = output.resolve("interleaved-windows.csv");
            if (settings.interleaved()) {
                Files.writeString(windowsCsv, InterleavedRound.WINDOWS_CSV_HEADER + "\n");
            }
            for (int round = 1; round <= settings.rounds(); round++) {
                for (Workload workload : settings.workloads()) {
                    if (settings.interleaved()) {
                        log(String.format("round %d/%d, %s, %s at once, load interleaved", round, settings.rounds(),
                            workload.label(), rotated(settings.variants(), round - 1)));
                        for (RunResult result : InterleavedRound.run(runs, settings, round, workload, transactionId,
                                token, output.resolve("runs"), windowsCsv)) {
                            results.add(result);
                            logFigures(result.variant().toString(), result);
                            Files.writeString(csv, result.csv() + "\n", java.nio.file.StandardOpenOption.APPEND);
                        }
                        continue;
                    }
                    for (Variant variant : rotated(settings.variants(), round - 1)) {
                        log(String.format("round %d/%d, %s, %s (%s)%s [%d/%d]", round, settings.rounds(),
                            workload.label(), variant, variant.description(),
                            !settings.sameProcess() ? "" : variant == Variant.A ? ", measured twice: the control"
                                : ", attached to a running server", ++done, total));
                        Path directory = output.resolve("runs").resolve(String.format("r%d-%s-%s", round,
                            workload.name().toLowerCase(java.util.Locale.ROOT), variant));
                        String line;
                        if (settings.sameProcess()) {
                            SameProcessResult result = runs.runSameProcess(round, variant, workload, transactionId,
                                token, directory);
                            sameProcess.add(result);
                            logFigures("before", result.before());
                            logFigures("after", result.after());
                            line = result.csv();
                        } else {
                            RunResult result = runs.run(round, variant, workload, transactionId, token, directory);
                            results.add(result);
                            logFigures("", result);
                            line = result.csv();
                        }
                        Files.writeString(csv, line + "\n", java.nio.file.StandardOpenOption.APPEND);
                    }
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            Path report = output.resolve(settings.sameProcess() ? "same-process.md" : "load.md");
            Files.writeString(report, settings.sameProcess()
                ? new SameProcessReport(settings, machine.withEndLoad(), sameProcess, took).markdown()
                : new LoadReport(settings, machine.withEndLoad(), results, took).markdown());
            log("wrote " + report + " and " + csv + " in " + took.toMinutes() + " min");
            if (settings.startUpRounds() > 0) {
                startUpPass(settings.startUpPass(), artifacts, stack.env(), wrk, transactionId, token, output,
                    machine);
            }
        }
        // the backends' data (PostgreSQL's cluster, Kafka's log, Elasticsearch's index) is of no use afterwards
        Stack.deleteWorkDirectory(output.resolve("backends"));
    }

    /**
     * Start-up to the first 200, from servers started one at a time (a server started beside others, as in an
     * interleaved round, starts slower the more of them are idle beside it). Writes start-up.csv and start-up.md.
     */
    private static void startUpPass(Settings startUp, Artifacts artifacts, Map<String, String> backendEnv, Wrk wrk,
                                    long transactionId, String token, Path output, Machine machine) throws Exception {
        long began = System.nanoTime();
        ServerRun runs = new ServerRun(startUp, artifacts, backendEnv, JWT_SECRET, wrk);
        Workload workload = startUp.workloads().get(0);
        Path csv = output.resolve("start-up.csv");
        Files.writeString(csv, RunResult.CSV_HEADER + "\n");
        List<RunResult> results = new ArrayList<>();
        for (int round = 1; round <= startUp.rounds(); round++) {
            for (Variant variant : rotated(startUp.variants(), round - 1)) {
                log(String.format("start-up round %d/%d, %s", round, startUp.rounds(), variant));
                RunResult result = runs.run(round, variant, workload, transactionId, token, output.resolve("runs")
                    .resolve(String.format("start-up-r%d-%s", round, variant)));
                results.add(result);
                log(String.format("  start-up %d ms (CPU %d ms)", result.startupMillis(), result.startupCpuMillis()));
                Files.writeString(csv, result.csv() + "\n", java.nio.file.StandardOpenOption.APPEND);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        Files.writeString(output.resolve("start-up.md"),
            new LoadReport(startUp, machine.withEndLoad(), results, took).startUpMarkdown());
        log("wrote start-up.md and " + csv + " in " + took.toMinutes() + " min");
    }

    private static void logFigures(String phase, RunResult result) {
        log(String.format("  %s%.0f req/s, p50 %d us, p99 %d us, %.1f us CPU/req, start-up %d ms, RSS %d MB, "
                + "%.0f B/req", phase.isEmpty() ? "" : phase + ": ", result.requestsPerSecond(), result.p50Micros(),
            result.p99Micros(), result.cpuNanosPerRequest() / 1000, result.startupMillis(),
            result.rssKilobytes() / 1024, result.allocatedPerRequest()));
    }

    /** The configurations in round-robin order starting at {@code shift}: ABCD, BCDA, CDAB... */
    static List<Variant> rotated(List<Variant> variants, int shift) {
        List<Variant> order = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            order.add(variants.get((i + shift) % variants.size()));
        }
        return order;
    }

    /** The order a round ran the configurations in, as the reports print it: "BCDA". */
    static String order(List<Variant> variants, int round) {
        StringBuilder names = new StringBuilder();
        for (Variant variant : rotated(variants, round - 1)) {
            names.append(variant.name());
        }
        return names.toString();
    }

    /**
     * On a server without agent, outside any measurement: the first start creates the schema, the topic and the
     * index; the transaction is written to PostgreSQL and cached in Redis. Reads of it then hit the cache (a miss
     * after the 5-minute TTL re-caches it, one request in millions).
     */
    private static long createTransaction(ServerRun runs, Path directory, String token) throws Exception {
        ServerRun.Server server = runs.start(Variant.A, directory);
        try {
            runs.awaitOk(server, server.url("/api/v1/health"), null);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/transactions")))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\": 12.5, \"currency\": \"USD\", \"type\": "
                    + "\"payment\", \"product\": \"wallet\", \"description\": \"benchmark\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
            Matcher id = TRANSACTION_ID.matcher(created.body());
            if (created.statusCode() != 201 || !id.find()) {
                throw new IOException("creating the benchmark's transaction failed: " + created.statusCode() + " "
                    + created.body());
            }
            return Long.parseLong(id.group(1));
        } finally {
            server.process().destroy();
            server.process().waitFor();
        }
    }

    static void log(String message) {
        System.out.println("[bench " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "] "
            + message);
    }
}
