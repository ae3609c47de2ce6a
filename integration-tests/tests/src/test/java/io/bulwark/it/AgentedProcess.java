package io.bulwark.it;

import io.bulwark.testbed.JavaProcess;
import io.bulwark.testbed.Ports;
import io.bulwark.testbed.Project;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM with the real agent jar attached, and HTTP helpers for talking to it and to the agent's own port.
 * Each instance gets free ports for the application (env PORT) and the agent (env BULWARK_AGENT_PORT).
 */
final class AgentedProcess implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    final JavaProcess process;
    final int port;
    final int agentPort;

    private AgentedProcess(JavaProcess process, int port, int agentPort) {
        this.process = process;
        this.port = port;
        this.agentPort = agentPort;
    }

    /**
     * Writes an agent configuration file under the build's target/work/{name}, so that test runs leave nothing in
     * the machine's temporary directory.
     */
    static Path writeConfig(String name, String yaml) throws IOException {
        Path directory = Files.createDirectories(workDirectory(name));
        return Files.writeString(directory.resolve("agent-config.yaml"), yaml);
    }

    /** A child JVM's working directory (its log goes there): under the build's target, never the machine's /tmp. */
    static Path workDirectory(String name) {
        return Project.locate().resolve("integration-tests/tests/target/work/" + name);
    }

    /** The sample service jar with the agent (and any more JVM options), waiting until it answers HTTP. */
    static AgentedProcess sampleService(String name, Path jdk, Path config, Map<String, String> env,
                                        String... jvmArgs) throws Exception {
        Project project = Project.locate();
        int port = Ports.freePort();
        int agentPort = Ports.freePort();
        JavaProcess.Builder builder = JavaProcess.builder(name)
            .jdk(jdk)
            .javaAgent(project.agentJar(), config)
            .jvmArgs(jvmArgs)
            .jar(project.sampleServiceJar())
            .env(env)
            .env("PORT", Integer.toString(port))
            .env("BULWARK_AGENT_PORT", Integer.toString(agentPort))
            .workingDirectory(workDirectory(name));
        return started(builder, port, agentPort, "/api/v1/health");
    }

    /** Starts a builder already pointed at a main class or jar; the application's port is passed by env PORT. */
    static AgentedProcess started(JavaProcess.Builder builder, int port, int agentPort, String readyPath) throws Exception {
        JavaProcess process = builder.start();
        AgentedProcess started = new AgentedProcess(process, port, agentPort);
        try {
            process.awaitHttpResponse(started.url(readyPath), START_TIMEOUT);
        } catch (RuntimeException | Error | InterruptedException e) {
            process.close();
            throw e;
        }
        return started;
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    URI agentUrl(String path) {
        return URI.create("http://127.0.0.1:" + agentPort + path);
    }

    static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    HttpResponse<String> postJson(String path, String json, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    String metrics() throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(agentUrl("/metrics")).build());
        if (response.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /**
     * The value of one sample line once it reaches {@code atLeast}, or its last value after 10 s: a request's
     * metrics are recorded when the server completes the exchange, which may be just after the client has read the
     * response.
     */
    double awaitSample(String series, double atLeast) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        double value = sample(metrics(), series);
        while (value < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(50);
            value = sample(metrics(), series);
        }
        return value;
    }

    /** The value of one sample line, e.g. series {@code http_requests_total{endpoint="/x",method="GET",status="200"}}; 0 when absent. */
    static double sample(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
            }
        }
        return 0;
    }

    /** Lines of the process output that are JSON access-log entries. */
    List<String> accessLogLines() {
        return process.lines().stream().filter(line -> line.startsWith("{\"timestamp\"") && line.contains("\"type\":\"access\"")).toList();
    }

    /** Waits for the access-log line of one request ID and returns it. */
    String awaitAccessLog(String requestId) throws InterruptedException {
        return process.awaitLogLine(line -> line.contains("\"type\":\"access\"")
            && line.contains("\"request_id\":\"" + requestId + "\""), Duration.ofSeconds(10));
    }

    static String jsonField(String json, String field) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(field) + "\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,}]*)").matcher(json);
        if (!matcher.find()) {
            return null;
        }
        return matcher.group(2) != null ? matcher.group(2) : matcher.group(1);
    }

    @Override
    public void close() {
        process.close();
    }
}
