package io.bulwark.benchmarks.load;

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

    RunResult run(int round, Variant variant, Workload workload, long transactionId, String token, Path directory)
            throws IOException, InterruptedException {
        String authorization = workload.authenticated() ? "Bearer " + token : null;
        long started = System.nanoTime();
        Server server = start(variant, directory);
        try (JvmProbe probe = new JvmProbe(server.process().pid(), Path.of(System.getProperty("java.home")))) {
            String url = server.url(workload.path(transactionId));
            HttpResponse<Void> first = awaitOk(server, url, authorization);
            long startupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            JvmProbe.CpuSplit startupCpu = probe.cpuByThread();
            checkAgent(variant, server, first);

            WarmUp warmUp = warmUp(probe, url, authorization, variant, directory);
            long jitBefore = probe.cpuByThread().compilerMillis();
            long cpuBefore = probe.cpuNanos();
            long serverCoresBefore = serverCores.busyNanos();
            Wrk.Result measured = check(wrk.run(url, authorization, settings.measure(),
                directory.resolve("wrk-measure.txt")), variant, directory);
            long cpuNanos = probe.cpuNanos() - cpuBefore;
            long otherNanos = Math.max(0, serverCores.busyNanos() - serverCoresBefore - cpuNanos);
            long jitNanos = TimeUnit.MILLISECONDS.toNanos(probe.cpuByThread().compilerMillis() - jitBefore);

            long rss = probe.rssKilobytes();
            long classes = probe.classesLoaded();
            long liveHeap = probe.liveHeapKilobytes();

            long allocatedBefore = probe.totalAllocatedBytes();
            Wrk.Result allocationRun = check(wrk.run(url, authorization, settings.allocation(),
                directory.resolve("wrk-allocation.txt")), variant, directory);
            long allocated = probe.totalAllocatedBytes() - allocatedBefore;

            return new RunResult(round, variant, workload, measured.requestsPerSecond(), measured.requests(),
                measured.p50Micros(), measured.p99Micros(), measured.p999Micros(),
                (double) cpuNanos / measured.requests(), cpuNanos / (measured.durationMicros() * 1000.0),
                otherNanos / (measured.durationMicros() * 1000.0),
                startupMillis, startupCpu.totalMillis(), startupCpu.compilerMillis(), warmUp.took().toSeconds(),
                warmUp.settled(), jitNanos / (measured.durationMicros() * 1000.0), rss, liveHeap, classes,
                (double) allocated / allocationRun.requests(),
                measured.socketErrors() + allocationRun.socketErrors(), accessLogBytes(directory),
                agentStartMillis(directory));
        } finally {
            stop(server);
            trimLogs(directory);
        }
    }

    /** How long the warm-up took, and whether the JIT compiler had gone quiet by then (or --warmup-max ended it). */
    record WarmUp(Duration took, boolean settled) {
    }

    /**
     * Loads the server in windows of {@link #WARMUP_WINDOW} for at least --warmup, then until the JIT compiler
     * threads' CPU over a window falls under --jit-settled of one core, or --warmup-max is reached. Each window's
     * throughput and JIT share go to warmup.csv in the run's directory: the warm-up curve.
     */
    private WarmUp warmUp(JvmProbe probe, String url, String authorization, Variant variant, Path directory)
            throws IOException, InterruptedException {
        List<String> curve = new ArrayList<>(List.of("seconds,requests_per_s,jit_cpu_share"));
        Duration done = Duration.ZERO;
        boolean settled = false;
        while (done.compareTo(settings.warmupMax()) < 0 && !settled) {
            Duration left = settings.warmupMax().minus(done);
            Duration window = left.compareTo(WARMUP_WINDOW) < 0 ? left : WARMUP_WINDOW;
            long jitBefore = probe.cpuByThread().compilerMillis();
            long began = System.nanoTime();
            Wrk.Result result = check(wrk.run(url, authorization, window, directory.resolve("wrk-warmup.txt")),
                variant, directory);
            double jitShare = TimeUnit.MILLISECONDS.toNanos(probe.cpuByThread().compilerMillis() - jitBefore)
                / (double) (System.nanoTime() - began);
            done = done.plus(window);
            curve.add(String.format(java.util.Locale.ROOT, "%d,%.1f,%.3f", done.toSeconds(),
                result.requestsPerSecond(), jitShare));
            settled = done.compareTo(settings.warmup()) >= 0 && jitShare < settings.jitSettledShare();
        }
        Files.write(directory.resolve("warmup.csv"), curve);
        return new WarmUp(done, settled);
    }

    /** Polls every 10 ms: the first 200 ends the start-up time. */
    HttpResponse<Void> awaitOk(Server server, String url, String authorization) throws IOException, InterruptedException {
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
                if (response.statusCode() == 200) {
                    return response;
                }
                last = "status " + response.statusCode();
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

    /** The service and access logs grow by a line per request: keep their first and last lines only. */
    private static void trimLogs(Path directory) throws IOException {
        for (String name : List.of("service.log", "access.log")) {
            Path log = directory.resolve(name);
            if (!Files.exists(log) || Files.size(log) <= 1_000_000) {
                continue;
            }
            List<String> kept;
            try (Stream<String> lines = Files.lines(log)) {
                kept = new ArrayList<>(lines.limit(KEPT_LOG_LINES).toList());
            }
            kept.add("... (trimmed by the benchmark harness) ...");
            kept.addAll(tail(log));
            Files.write(log, kept);
        }
    }

    private static List<String> tail(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            ArrayDeque<String> last = new ArrayDeque<>();
            lines.forEach(line -> {
                if (last.size() == KEPT_LOG_LINES) {
                    last.removeFirst();
                }
                last.addLast(line);
            });
            return new ArrayList<>(last);
        }
    }
}
