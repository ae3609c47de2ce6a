package io.bulwark.testbed;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM: the sample service, a Kafka broker, an Elasticsearch node. Its stdout and stderr go, merged, to a
 * log file and to memory (the last {@value #KEPT_LINES} lines), so tests can wait for and read log lines. A JVM
 * shutdown hook stops it if nobody else did.
 */
public final class JavaProcess implements AutoCloseable {

    /**
     * For servers that only serve tests: C1-only JIT and the serial collector leave more of a 2-core machine to
     * everything else that starts at the same time.
     */
    public static final String[] FAST_START_FLAGS = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"};

    static final int KEPT_LINES = 100_000;
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final Path logFile;
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final Thread reader;
    private final ShutdownActions.Registration cleanup;

    private JavaProcess(String name, Process process, Path logFile, PrintStream echo) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.cleanup = ShutdownActions.register(name, () -> stop(Duration.ofSeconds(5)));
        this.reader = new Thread(() -> copyOutput(echo), name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code once the process has ended. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** Waits for the process to end by itself; empty if it is still running after the timeout. */
    public OptionalInt waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
            ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
    }

    /** A snapshot of the output lines kept so far, oldest first. */
    public List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    /**
     * Waits until an output line (already seen or still to come) matches, and returns it.
     *
     * @throws IllegalStateException on timeout, or if the process ends first
     */
    public String awaitLogLine(Predicate<String> matcher, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (String line : lines) {
                    if (matcher.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(name + ": no matching log line within " + timeout + tail());
                }
                if (!reader.isAlive()) {
                    throw new IllegalStateException(name + " ended (exit code " + exitCodeText() + ")" + tail());
                }
                TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
        }
    }

    /** Waits until GET url answers 2xx; returns the status. */
    public int awaitHttpOk(URI url, Duration timeout) throws InterruptedException {
        return awaitHttp(url, timeout, status -> status >= 200 && status < 300);
    }

    /** Waits until GET url answers with any HTTP status (the server is up); returns the status. */
    public int awaitHttpResponse(URI url, Duration timeout) throws InterruptedException {
        return awaitHttp(url, timeout, status -> true);
    }

    private int awaitHttp(URI url, Duration timeout, Predicate<Integer> accepted) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastProblem = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " ended (exit code " + exitCodeText() + ") before " + url
                    + " answered" + tail());
            }
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (accepted.test(status)) {
                    return status;
                }
                lastProblem = "status " + status;
            } catch (IOException e) {
                lastProblem = e.toString();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + ": " + url + " not ready within " + timeout + " (" + lastProblem + ")"
            + tail());
    }

    /** SIGTERM, then SIGKILL if it has not ended within 10 seconds. */
    public void stop() {
        stop(STOP_GRACE);
    }

    public void stop(Duration grace) {
        // Through the handle: Process.destroy() would also close the output pipe and lose the last lines.
        process.toHandle().destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
        finish();
    }

    /** SIGKILL, then waits until the process is gone. */
    public void kill() {
        process.toHandle().destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finish();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
        finish();
    }

    private void finish() {
        cleanup.close();
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String exitCodeText() {
        OptionalInt code = exitCode();
        return code.isPresent() ? Integer.toString(code.getAsInt()) : "unknown";
    }

    private String tail() {
        List<String> all = lines();
        List<String> last = all.subList(Math.max(0, all.size() - 20), all.size());
        return "; log " + logFile + (last.isEmpty() ? "" : ", last lines:\n  " + String.join("\n  ", last));
    }

    private void copyOutput(PrintStream echo) {
        try (BufferedReader in = new BufferedReader(
                 new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                log.write(line);
                log.newLine();
                log.flush();
                if (echo != null) {
                    echo.println(line);
                }
                synchronized (lines) {
                    if (lines.size() == KEPT_LINES) {
                        lines.removeFirst();
                    }
                    lines.addLast(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            System.err.println("[testbed] " + name + ": reading output failed: " + e);
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }

    /** Describes the JVM to start. */
    public static final class Builder {
        private final String name;
        private Path jdkHome = Jdks.current();
        private Path agentJar;
        private Path agentConfig;
        private Path jar;
        private String classpath;
        private String mainClass;
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path workingDirectory;
        private Path logFile;
        private PrintStream echo;

        private Builder(String name) {
            this.name = name;
        }

        /** The JDK to run on (default: the one of this JVM). */
        public Builder jdk(Path home) {
            this.jdkHome = home;
            return this;
        }

        /** Adds {@code -javaagent:<jar>=config=<config>}, or just {@code -javaagent:<jar>} when config is null. */
        public Builder javaAgent(Path agent, Path config) {
            this.agentJar = agent;
            this.agentConfig = config;
            return this;
        }

        /** Runs {@code -jar <jar>}. */
        public Builder jar(Path executableJar) {
            this.jar = executableJar;
            return this;
        }

        /** Runs a main class on a classpath (entries separated by the platform's path separator). */
        public Builder mainClass(String classpathEntries, String className) {
            this.classpath = classpathEntries;
            this.mainClass = className;
            return this;
        }

        public Builder jvmArgs(String... values) {
            jvmArgs.addAll(List.of(values));
            return this;
        }

        public Builder args(String... values) {
            args.addAll(List.of(values));
            return this;
        }

        /** Adds to (or overrides in) the environment inherited from this JVM. */
        public Builder env(String key, String value) {
            environment.put(key, value);
            return this;
        }

        public Builder env(Map<String, String> values) {
            environment.putAll(values);
            return this;
        }

        public Builder workingDirectory(Path directory) {
            this.workingDirectory = directory;
            return this;
        }

        /** Where the merged output goes (default: name.log in the working directory, else a temporary file). */
        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /** Also copies every output line to this stream (the demo forwards the service's output). */
        public Builder echoTo(PrintStream stream) {
            this.echo = stream;
            return this;
        }

        public List<String> command() {
            List<String> command = new ArrayList<>();
            command.add(Jdks.javaBinary(jdkHome).toString());
            if (agentJar != null) {
                command.add("-javaagent:" + agentJar + (agentConfig == null ? "" : "=config=" + agentConfig));
            }
            command.addAll(jvmArgs);
            if (jar != null) {
                command.add("-jar");
                command.add(jar.toString());
            } else if (mainClass != null) {
                command.add("-cp");
                command.add(classpath);
                command.add(mainClass);
            } else {
                throw new IllegalStateException(name + ": neither a jar nor a main class given");
            }
            command.addAll(args);
            return command;
        }

        public JavaProcess start() throws IOException {
            List<String> command = command();
            Path log = logFile != null ? logFile
                : workingDirectory != null ? workingDirectory.resolve(name + ".log")
                : Files.createTempFile("bulwark-" + name, ".log");
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            if (workingDirectory != null) {
                Files.createDirectories(workingDirectory);
                builder.directory(workingDirectory.toFile());
            }
            try {
                return new JavaProcess(name, builder.start(), log, echo);
            } catch (IOException e) {
                throw new UncheckedIOException(name + ": cannot start " + String.join(" ", command), e);
            }
        }
    }
}
