package io.bulwark.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs wrk on the load generator's cores and reads the line benchmarks/wrk/report.lua prints. */
final class Wrk {

    private static final String RESULT_PREFIX = "WRK_RESULT ";

    private final String cpus;
    private final int threads;
    private final int connections;
    private final Path script;

    Wrk(String cpus, int threads, int connections, Path script) {
        this.cpus = cpus;
        this.threads = threads;
        this.connections = connections;
        this.script = script;
    }

    /** Checks that wrk and taskset are installed, with the command that installs them if not. */
    static void requireInstalled() throws IOException, InterruptedException {
        for (String tool : List.of("wrk", "taskset")) {
            Process which = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
            if (which.waitFor() != 0) {
                throw new IOException(tool + " is not installed: sudo apt-get install -y "
                    + (tool.equals("wrk") ? "wrk" : "util-linux"));
            }
        }
    }

    /** Requests {@code url} for {@code duration}; wrk's whole output goes to {@code output}. */
    Result run(String url, String authorization, Duration duration, Path output)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", cpus, "wrk",
            "-t", Integer.toString(threads), "-c", Integer.toString(connections),
            "-d", duration.toSeconds() + "s", "--timeout", "10s", "--latency", "-s", script.toString()));
        if (authorization != null) {
            command.add("-H");
            command.add("Authorization: " + authorization);
        }
        command.add(url);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        // report.lua needs it to take wrk's made-up latency samples out again
        builder.environment().put("WRK_CONNECTIONS", Integer.toString(connections));
        Process process = builder.start();
        if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("wrk did not finish: " + output);
        }
        List<String> lines = Files.readAllLines(output);
        for (String line : lines) {
            if (line.startsWith(RESULT_PREFIX)) {
                return Result.parse(line.substring(RESULT_PREFIX.length()));
            }
        }
        throw new IOException("wrk printed no result (exit code " + process.exitValue() + "): " + output + "\n  "
            + String.join("\n  ", lines));
    }

    /** wrk's totals; latencies in microseconds, as measured (without wrk's correction: see report.lua). */
    record Result(long requests, long durationMicros, long connectErrors, long readErrors, long writeErrors,
                  long statusErrors, long timeouts, long p50Micros, long p90Micros, long p99Micros,
                  long p999Micros, long maxMicros) {

        static Result parse(String text) {
            Map<String, String> values = new HashMap<>();
            for (String pair : text.trim().split("\\s+")) {
                int equals = pair.indexOf('=');
                values.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
            return new Result(number(values, "requests"), number(values, "duration_us"),
                number(values, "connect_errors"), number(values, "read_errors"), number(values, "write_errors"),
                number(values, "status_errors"), number(values, "timeouts"), number(values, "p50_us"),
                number(values, "p90_us"), number(values, "p99_us"), number(values, "p999_us"),
                number(values, "max_us"));
        }

        private static long number(Map<String, String> values, String key) {
            return Long.parseLong(values.get(key));
        }

        double requestsPerSecond() {
            return requests * 1_000_000.0 / durationMicros;
        }

        long socketErrors() {
            return connectErrors + readErrors + writeErrors + timeouts;
        }
    }
}
