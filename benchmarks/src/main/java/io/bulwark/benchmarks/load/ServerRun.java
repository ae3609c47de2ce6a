package io.bulwark.benchmarks.load;

import io.bulwark.benchmarks.Medians;
import io.bulwark.testbed.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One sample-service JVM, pinned to the server's cores, through one workload: start-up to the first 200, warm-up,
 * the measured run (throughput, latency, CPU per request), figures after load (RSS, live heap, classes), then a
 * separate run for allocation per request. The server's output goes straight to a file, so reading it costs the
 * harness nothing while load runs.
 */
final class ServerRun {

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
    private static final int KEPT_LOG_LINES = 200;
    private static final Pattern AGENT_STARTED = Pattern.compile("\\[bulwark\\] INFO Bulwark \\S+ started in (\\d+) ms");
    /** Short enough to stop soon after the JIT settles, long enough for its share over one window to mean something. */
    private static final Duration WARMUP_WINDOW = Duration.ofSeconds(10);

    private final Settings settings;
    private final Artifacts artifacts;
    private final Map<String, String> backendEnv;
    private final String jwtSecret;
    private final Wrk wrk;
    private final CpuTime serverCores;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    ServerRun(Settings settings, Artifacts artifacts, Map<String, String> backendEnv, String jwtSecret, Wrk wrk) {
        this.settings = settings;
        this.artifacts = artifacts;
        this.backendEnv = backendEnv;
        this.jwtSecret = jwtSecret;
        this.wrk = wrk;
        this.serverCores = new CpuTime(settings.serverCpus(), JvmProbe.TICKS_PER_SECOND);
    }

    /** A started server: its process, port and directory. */
    record Server(Process process, int port, Path directory, int otelMetricsPort) {
        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }
    }

    Server start(Variant variant, Path directory) throws IOException {
        Files.createDirectories(directory);
        int port = Ports.freePort();
        int otelPort = Ports.freePort();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of("taskset", "-c", settings.serverCpus(), java.toString()));
        command.addAll(variant.agentOptions(artifacts, otelPort));
        command.addAll(settings.serverJvmOptions());
        command.add("-jar");
        command.add(artifacts.sampleService().toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
            .redirectOutput(directory.resolve("service.log").toFile());
        builder.environment().putAll(backendEnv);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("JWT_SECRET", jwtSecret);
        builder.environment().put("BULWARK_AGENT_PORT", "0");
        Files.writeString(directory.resolve("command.txt"), String.join(" ", command) + "\n");
        return new Server(builder.start(), port, directory, otelPort);
    }

    /** One server: launched, warmed up, measured in one run of --duration, then stopped. */
    RunResult run(int round, Variant variant, Workload workload, long transactionId, String token, Path directory)
            throws IOException, InterruptedException {
        try (Live server = launch(round, variant, workload, transactionId, token, directory)) {
            return measureOnce(server, variant, server.startup, directory);
        }
    }

    /**
     * One server process measured twice (--same-process): started without an agent and measured, then, for B, C or
     * E, with that configuration's Bulwark attached at run time (the agent's attach command, which retransforms the
     * classes already loaded), warmed up again and measured again; for A, measured again without an agent: the
     * control, which shows how much a process's second run differs from its first by itself.
     */
    SameProcessResult runSameProcess(int round, Variant variant, Workload workload, long transactionId, String token,
                                     Path directory) throws IOException, InterruptedException {
        try (Live server = launch(round, Variant.A, workload, transactionId, token, directory)) {
            RunResult before = measureOnce(server, Variant.A, server.startup, directory.resolve("before"));
            Startup attached = variant == Variant.A ? Startup.NONE : attach(variant, server);
            RunResult after = measureOnce(server, variant, attached, directory.resolve("after"));
            return new SameProcessResult(before, after);
        }
    }

    /** Warm-up, one measured run of --duration, then the figures after load; files (wrk's, the curve) go to files. */
    private RunResult measureOnce(Live server, Variant variant, Startup startup, Path files)
            throws IOException, InterruptedException {
        Files.createDirectories(files);
        WarmUp warmUp = warmUp(server, variant, files);
        Window measured = window(server, variant, settings.measure(), files.resolve("wrk-measure.txt"));
        return finish(server, variant, startup, warmUp, List.of(measured), files);
    }

    /**
     * A started server while the harness measures it: its process, the probe that reads it from outside, the URL of
     * the workload. Closing it stops the server and trims its logs.
     */
    final class Live implements AutoCloseable {
        final Server server;
        final JvmProbe probe;
        final int round;
        final Workload workload;
        final String url;
        final String authorization;
        final Startup startup;

        private Live(Server server, JvmProbe probe, int round, Workload workload, String url, String authorization,
                     Startup startup) {
            this.server = server;
            this.probe = probe;
            this.round = round;
            this.workload = workload;
            this.url = url;
            this.authorization = authorization;
            this.startup = startup;
        }

        @Override
        public void close() throws IOException, InterruptedException {
            try {
                probe.close();
            } finally {
                stop(server);
                trimLogs(server.directory());
            }
        }
    }

    /** Starts the variant's server and waits for its first 200 on the workload's URL (the start-up time). */
    Live launch(int round, Variant variant, Workload workload, long transactionId, String token, Path directory)
            throws IOException, InterruptedException {
        String authorization = workload.authenticated() ? "Bearer " + token : null;
        long started = System.nanoTime();
        Server server = start(variant, directory);
        try {
            String url = server.url(workload.path(transactionId));
            HttpResponse<Void> first = awaitOk(server, url, authorization);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            JvmProbe probe = new JvmProbe(server.process().pid(), Path.of(System.getProperty("java.home")));
            Live live = new Live(server, probe, round, workload, url, authorization,
                new Startup(millis, probe.cpuByThread()));
            checkAgent(variant, server, first);
            return live;
        } catch (IOException | InterruptedException | RuntimeException failed) {
            stop(server);
            throw failed;
        }
    }

    /** From launch (or attach) to the first 200, and the server's CPU time (of which the JIT's) in that span. */
    record Startup(long millis, JvmProbe.CpuSplit cpu) {
        static final Startup NONE = new Startup(0, new JvmProbe.CpuSplit(0, 0));
    }

    /** Loads the variant's Bulwark into the running server; returns when a response carries its request ID. */
    private Startup attach(Variant variant, Live live) throws IOException, InterruptedException {
        Server server = live.server;
        JvmProbe.CpuSplit cpuBefore = live.probe.cpuByThread();
        long began = System.nanoTime();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = server.directory().resolve("attach.log");
        Process attach = new ProcessBuilder(java.toString(), "-jar", variant.bulwarkAgent(artifacts).toString(),
            "attach", Long.toString(server.process().pid()), "config=" + variant.bulwarkConfig(artifacts))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!attach.waitFor(2, TimeUnit.MINUTES) || attach.exitValue() != 0) {
            attach.destroyForcibly();
            throw new IOException("attaching configuration " + variant + " failed; see " + log);
        }
        HttpResponse<Void> first = await(server, live.url, live.authorization,
            response -> response.headers().firstValue("X-Request-ID").isPresent());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        JvmProbe.CpuSplit cpuAfter = live.probe.cpuByThread();
        checkAgent(variant, server, first);
        return new Startup(millis, new JvmProbe.CpuSplit(cpuAfter.totalMillis() - cpuBefore.totalMillis(),
            cpuAfter.compilerMillis() - cpuBefore.compilerMillis()));
    }

    /** One measured stretch of load: wrk's figures; the server's CPU, the JIT's part of it, and others' on its core. */
    record Window(Wrk.Result wrk, long cpuNanos, long otherNanos, long jitNanos) {
    }

    /** Loads the server for {@code duration}, wrk's output to {@code output}. */
    Window window(Live live, Variant variant, Duration duration, Path output) throws IOException, InterruptedException {
        long jitBefore = live.probe.cpuByThread().compilerMillis();
        long cpuBefore = live.probe.cpuNanos();
        long serverCoresBefore = serverCores.busyNanos();
        Wrk.Result measured = check(wrk.run(live.url, live.authorization, duration, output), variant,
            live.server.directory());
        long cpuNanos = live.probe.cpuNanos() - cpuBefore;
        long otherNanos = Math.max(0, serverCores.busyNanos() - serverCoresBefore - cpuNanos);
        long jitNanos = TimeUnit.MILLISECONDS.toNanos(live.probe.cpuByThread().compilerMillis() - jitBefore);
        return new Window(measured, cpuNanos, otherNanos, jitNanos);
    }

    /**
     * The figures after load (RSS, live heap, classes), the allocation run, and the run's figures from its measured
     * windows: throughput and CPU per request over all of them, latencies the median of the windows'.
     */
    RunResult finish(Live live, Variant variant, Startup startup, WarmUp warmUp, List<Window> windows, Path files)
            throws IOException, InterruptedException {
        JvmProbe probe = live.probe;
        long rss = probe.rssKilobytes();
        long classes = probe.classesLoaded();
        long liveHeap = probe.liveHeapKilobytes();

        long allocatedBefore = probe.totalAllocatedBytes();
        Wrk.Result allocationRun = check(wrk.run(live.url, live.authorization, settings.allocation(),
            files.resolve("wrk-allocation.txt")), variant, live.server.directory());
        long allocated = probe.totalAllocatedBytes() - allocatedBefore;

        long requests = 0;
        long micros = 0;
        long cpuNanos = 0;
        long otherNanos = 0;
        long jitNanos = 0;
        long socketErrors = allocationRun.socketErrors();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> p999 = new ArrayList<>();
        for (Window window : windows) {
            requests += window.wrk().requests();
            micros += window.wrk().durationMicros();
            cpuNanos += window.cpuNanos();
            otherNanos += window.otherNanos();
            jitNanos += window.jitNanos();
            socketErrors += window.wrk().socketErrors();
            p50.add((double) window.wrk().p50Micros());
            p99.add((double) window.wrk().p99Micros());
            p999.add((double) window.wrk().p999Micros());
        }
        return new RunResult(live.round, variant, live.workload, requests * 1_000_000.0 / micros, requests,
            (long) Medians.of(p50), (long) Medians.of(p99), (long) Medians.of(p999),
            (double) cpuNanos / requests, cpuNanos / (micros * 1000.0), otherNanos / (micros * 1000.0),
            startup.millis(), startup.cpu().totalMillis(), startup.cpu().compilerMillis(), warmUp.took().toSeconds(),
            warmUp.settled(), jitNanos / (micros * 1000.0), rss, liveHeap, classes,
            (double) allocated / allocationRun.requests(), socketErrors, accessLogBytes(live.server.directory()),
            agentStartMillis(live.server.directory()));
    }

    /** How long the warm-up took, and whether the JIT compiler had gone quiet by then (or --warmup-max ended it). */
    record WarmUp(Duration took, boolean settled) {
    }

    /**
     * Loads the server in windows of {@link #WARMUP_WINDOW} for at least --warmup, then until the JIT compiler
     * threads' CPU over a window falls under --jit-settled of one core, or --warmup-max is reached. Each window's
     * throughput and JIT share go to warmup.csv in {@code files}: the warm-up curve.
     */
    WarmUp warmUp(Live live, Variant variant, Path files)
            throws IOException, InterruptedException {
        List<String> curve = new ArrayList<>(List.of("seconds,requests_per_s,jit_cpu_share"));
        Duration done = Duration.ZERO;
        boolean settled = false;
        while (done.compareTo(settings.warmupMax()) < 0 && !settled) {
            Duration left = settings.warmupMax().minus(done);
            Duration window = left.compareTo(WARMUP_WINDOW) < 0 ? left : WARMUP_WINDOW;
            long jitBefore = live.probe.cpuByThread().compilerMillis();
            long began = System.nanoTime();
            Wrk.Result result = check(wrk.run(live.url, live.authorization, window, files.resolve("wrk-warmup.txt")),
                variant, live.server.directory());
            double jitShare = TimeUnit.MILLISECONDS.toNanos(live.probe.cpuByThread().compilerMillis() - jitBefore)
                / (double) (System.nanoTime() - began);
            done = done.plus(window);
            curve.add(String.format(java.util.Locale.ROOT, "%d,%.1f,%.3f", done.toSeconds(),
                result.requestsPerSecond(), jitShare));
            settled = done.compareTo(settings.warmup()) >= 0 && jitShare < settings.jitSettledShare();
        }
        Files.write(files.resolve("warmup.csv"), curve);
        return new WarmUp(done, settled);
    }

    /** Polls every 10 ms: the first 200 ends the start-up time. */
    HttpResponse<Void> awaitOk(Server server, String url, String authorization) throws IOException, InterruptedException {
        return await(server, url, authorization, response -> true);
    }

    /** Polls every 10 ms for a 200 that {@code wanted} accepts. */
    private HttpResponse<Void> await(Server server, String url, String authorization,
                                     Predicate<HttpResponse<Void>> wanted) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!server.process().isAlive()) {
                throw new IOException("the sample service exited with " + server.process().exitValue() + "; see "
                    + server.directory().resolve("service.log"));
            }
            try {
                HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200 && wanted.test(response)) {
                    return response;
                }
                last = "status " + response.statusCode() + (response.statusCode() == 200 ? ", not yet wanted" : "");
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(10);
        }
        throw new IOException(url + " did not answer 200 within " + STARTUP_TIMEOUT + " (" + last + "); see "
            + server.directory().resolve("service.log"));
    }

    /** Each variant must really be what it claims: Bulwark answers with a request ID, OpenTelemetry exports. */
    private void checkAgent(Variant variant, Server server, HttpResponse<Void> response)
            throws IOException, InterruptedException {
        boolean requestId = response.headers().firstValue("X-Request-ID").isPresent();
        if (requestId != variant.isBulwark()) {
            throw new IOException("configuration " + variant + ": X-Request-ID header "
                + (requestId ? "present without Bulwark" : "missing with Bulwark") + "; see "
                + server.directory().resolve("service.log"));
        }
        if (variant == Variant.D) {
            HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.otelMetricsPort()
                + "/metrics")).timeout(Duration.ofSeconds(5)).build();
            int status = http.send(metrics, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                throw new IOException("configuration D: the OpenTelemetry Prometheus exporter answered " + status);
            }
        }
    }

    /** A rejected (429) or failed request would make the comparison meaningless: stop the run. */
    private static Wrk.Result check(Wrk.Result result, Variant variant, Path directory) throws IOException {
        if (result.statusErrors() > 0) {
            throw new IOException("configuration " + variant + ": " + result.statusErrors() + " of "
                + result.requests() + " responses were not 2xx/3xx; the run is void. A 429 means the benchmark's rate "
                + "limits are too low, a 5xx a backend that did not keep up (is the machine busy?): see "
                + directory.resolve("service.log"));
        }
        if (result.requests() == 0) {
            throw new IOException("configuration " + variant + ": no request completed");
        }
        return result;
    }

    private static long accessLogBytes(Path directory) throws IOException {
        Path accessLog = directory.resolve("access.log");
        return Files.exists(accessLog) ? Files.size(accessLog) : 0;
    }

    /** How long the agent's start took, from its banner ("Bulwark 0.1.0 started in 412 ms: ..."); -1 without it. */
    private static long agentStartMillis(Path directory) throws IOException {
        try (Stream<String> lines = Files.lines(directory.resolve("service.log"))) {
            return lines.map(AGENT_STARTED::matcher).filter(Matcher::find).findFirst()
                .map(found -> Long.parseLong(found.group(1))).orElse(-1L);
        }
    }

    private static void stop(Server server) throws InterruptedException {
        server.process().destroy();
        if (!server.process().waitFor(20, TimeUnit.SECONDS)) {
            server.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * The service and access logs grow by a line per request: keep their first and last lines, and the agent's own
     * lines between (its banner, when it was attached to the running server, and any warning).
     */
    private static void trimLogs(Path directory) throws IOException {
        for (String name : List.of("service.log", "access.log")) {
            Path log = directory.resolve(name);
            if (!Files.exists(log) || Files.size(log) <= 1_000_000) {
                continue;
            }
            List<String> kept = new ArrayList<>();
            List<String> agentLines = new ArrayList<>();
            ArrayDeque<String> last = new ArrayDeque<>();
            try (Stream<String> lines = Files.lines(log)) {
                lines.forEach(line -> {
                    if (kept.size() < KEPT_LOG_LINES) {
                        kept.add(line);
                        return;
                    }
                    if (last.size() == KEPT_LOG_LINES) {
                        String dropped = last.removeFirst();
                        if (dropped.startsWith("[bulwark]")) {
                            agentLines.add(dropped);
                        }
                    }
                    last.addLast(line);
                });
            }
            kept.add("... (trimmed by the benchmark harness; the agent's lines in between kept) ...");
            kept.addAll(agentLines);
            kept.add("...");
            kept.addAll(last);
            Files.write(log, kept);
        }
    }
}
