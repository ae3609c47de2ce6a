package io.bulwark.it;

import io.bulwark.testbed.Jdks;
import io.bulwark.testbed.Project;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The sample service on JDK 25 with the real agent jar and the reference agent-config.yaml, against real PostgreSQL,
 * Redis, Kafka and Elasticsearch: request IDs, X-Process-Time, access log and MDC, metrics, health.
 */
class SampleServiceAgentIT {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static AgentedProcess service;
    private static String token;
    /** The service's java.io.tmpdir, where the agent writes its bootstrap jar. */
    private static Path temporaryFiles;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = new HashMap<>(SharedStack.get().env());
        env.put("JWT_SECRET", "integration-test-secret");
        temporaryFiles = emptyDirectory(Project.locate().resolve("integration-tests/tests/target/work/sample-jdk25-tmp"));
        service = AgentedProcess.sampleService("sample-jdk25", Jdks.jdk25().orElseThrow(),
            Project.locate().agentConfig(), env, "-Djava.io.tmpdir=" + temporaryFiles);
        HttpResponse<String> login = service.postJson("/api/v1/auth/token", "{\"username\":\"demo\",\"password\":\"demo\"}");
        assertEquals(200, login.statusCode(), login.body());
        token = AgentedProcess.jsonField(login.body(), "access_token");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void everyLibraryOfTheServiceIsWovenWithoutAWarning() throws InterruptedException {
        // a hook the weaver could not put in leaves the class as it was, with one warning: a feature silently off
        for (String woven : List.of("io.undertow.server.Connectors", "com.zaxxer.hikari.HikariDataSource",
            "org.postgresql.Driver", "org.postgresql.jdbc.PgStatement", "io.lettuce.core.RedisChannelHandler",
            "io.lettuce.core.internal.Futures", "org.apache.kafka.clients.producer.KafkaProducer",
            "co.elastic.clients.transport.ElasticsearchTransportBase")) {
            try {
                service.process.awaitLogLine(line -> line.startsWith("[bulwark] INFO instrumented " + woven + " "),
                    Duration.ofSeconds(10));
            } catch (IllegalStateException notWoven) {
                fail(woven + " was not instrumented: " + notWoven.getMessage());
            }
        }
        assertEquals(List.of(), service.process.lines().stream().filter(line -> line.contains("could not instrument"))
            .toList());
    }

    @Test
    void theJvmKeepsSharingTheApplicationsClasses() {
        // appending to the bootstrap search path would stop the JVM mapping application classes from a CDS archive
        assertEquals(List.of(), service.process.lines().stream()
            .filter(line -> line.contains("Sharing is only supported for boot loader classes")).toList());
    }

    @Test
    void theAgentLeavesNoTemporaryFileBehind() throws IOException {
        // its bootstrap jar goes as soon as its classes are loaded, not at exit: a killed JVM runs no exit hooks
        assertEquals(List.of(), agentFiles(temporaryFiles));
    }

    /** The agent's files in a java.io.tmpdir. */
    static List<String> agentFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith("bulwark")).toList();
        }
    }

    static Path emptyDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        return directory;
    }

    @Test
    void bannerNamesVersionStartTimeConfigPortAndPolicies() throws Exception {
        String banner = service.process.awaitLogLine(line -> line.contains("[bulwark] INFO Bulwark "), Duration.ofSeconds(5));
        assertTrue(Pattern.compile("Bulwark \\S+ started in \\d+ ms: config=").matcher(banner).find(), banner);
        assertTrue(banner.contains("config=" + Project.locate().agentConfig()), banner);
        assertTrue(banner.contains("endpoint=http://0.0.0.0:" + service.agentPort), banner);
        assertTrue(banner.contains("active=[request_id, access_log(stdout), metrics, timeouts, rate_limit, cors, circuit_breakers, health]"), banner);
        assertTrue(banner.contains(", off=[]"), banner);
    }

    @Test
    void keepsAWellFormedRequestId() throws Exception {
        HttpResponse<String> response = service.get("/api/v1/health", "X-Request-ID", "client-id_1.2:3");
        assertEquals("client-id_1.2:3", response.headers().firstValue("X-Request-ID").orElseThrow());
    }

    @Test
    void generatesARequestIdWhenThereIsNone() throws Exception {
        String first = service.get("/api/v1/health").headers().firstValue("X-Request-ID").orElseThrow();
        String second = service.get("/api/v1/health").headers().firstValue("X-Request-ID").orElseThrow();
        assertTrue(UUID.matcher(first).matches(), first);
        assertNotEquals(first, second);
    }

    @Test
    void replacesHostileRequestIds() throws Exception {
        String tooLong = "a".repeat(129);
        for (String hostile : new String[] {tooLong, "ünïcödé", "id with spaces", "id;drop", "<script>"}) {
            String echoed = rawRequestId(hostile.getBytes(StandardCharsets.UTF_8));
            assertTrue(UUID.matcher(echoed).matches(), "hostile " + hostile + " echoed as " + echoed);
        }
        // a header folded over two lines (obs-fold) must not smuggle a second line into the ID
        String folded = rawRequestId("abc\r\n evil".getBytes(StandardCharsets.US_ASCII));
        assertFalse(folded.contains("\r") || folded.contains("\n") || folded.contains("evil"), folded);
    }

    @Test
    void addsProcessTime() throws Exception {
        HttpResponse<String> response = service.get("/api/v1/debug/sleep?seconds=0.3");
        assertEquals(200, response.statusCode(), response.body());
        double seconds = Double.parseDouble(response.headers().firstValue("X-Process-Time").orElseThrow());
        assertTrue(seconds >= 0.3 && seconds < 10, "X-Process-Time " + seconds);
    }

    @Test
    void accessLogLineAndApplicationLogShareTheRequestId() throws Exception {
        HttpResponse<String> created = service.postJson("/api/v1/transactions",
            "{\"amount\": 12.5, \"currency\": \"USD\", \"type\": \"payment\", \"product\": \"wallet\", \"description\": \"coffee\"}",
            "Authorization", "Bearer " + token, "X-Request-ID", "it-create-1", "User-Agent", "bulwark-it/1.0");
        assertEquals(201, created.statusCode(), created.body());

        String access = service.awaitAccessLog("it-create-1");
        assertEquals("POST", AgentedProcess.jsonField(access, "method"));
        assertEquals("/api/v1/transactions", AgentedProcess.jsonField(access, "path"));
        assertEquals("/api/v1/transactions", AgentedProcess.jsonField(access, "endpoint"));
        assertEquals("201", AgentedProcess.jsonField(access, "status"));
        assertEquals("127.0.0.1", AgentedProcess.jsonField(access, "client_ip"));
        assertEquals("bulwark-it/1.0", AgentedProcess.jsonField(access, "user_agent"));
        assertEquals("demo", AgentedProcess.jsonField(access, "user_id"), "user from the verified JWT: " + access);
        assertTrue(Double.parseDouble(AgentedProcess.jsonField(access, "duration_seconds")) > 0, access);
        // the application's own log line, written on a worker thread after Undertow's dispatch, carries the ID via MDC
        String id = AgentedProcess.jsonField(created.body(), "id");
        String appLine = service.process.awaitLogLine(line -> line.contains("Transaction created id=" + id + " "), Duration.ofSeconds(5));
        assertTrue(appLine.contains("request_id=it-create-1"), appLine);

        service.get("/api/v1/transactions/" + id, "Authorization", "Bearer " + token, "X-Request-ID", "it-fetch-1");
        String fetchLine = service.process.awaitLogLine(line -> line.contains("Transaction fetched id=" + id + " "), Duration.ofSeconds(5));
        assertTrue(fetchLine.contains("request_id=it-fetch-1"), fetchLine);
        assertEquals("/api/v1/transactions/{id}", AgentedProcess.jsonField(service.awaitAccessLog("it-fetch-1"), "endpoint"));
        // and the MDC is clean afterwards: a later line without a request of its own carries no stale ID
        assertFalse(service.process.lines().stream().anyMatch(line -> line.contains("request_id=it-fetch-1")
            && !line.contains("Transaction fetched")), "request ID leaked into another log line");
        // reached directly, through the class the agent makes beside the application's SLF4J, not by a fallback
        assertEquals(0.0, AgentedProcess.sample(service.metrics(), "bulwark_agent_errors_total"));
    }

    @Test
    void countsEachRequestExactlyOnceAcrossTheWorkerDispatch() throws Exception {
        String series = "http_requests_total{endpoint=\"/api/v1/debug/sleep\",method=\"GET\",status=\"200\"}";
        double before = AgentedProcess.sample(service.metrics(), series);
        for (int i = 0; i < 5; i++) {
            assertEquals(200, service.get("/api/v1/debug/sleep?seconds=0.01", "X-Request-ID", "it-once-" + i).statusCode());
        }
        for (int i = 0; i < 5; i++) {
            service.awaitAccessLog("it-once-" + i);
        }
        assertEquals(before + 5, AgentedProcess.sample(service.metrics(), series));
        for (int i = 0; i < 5; i++) {
            String id = "it-once-" + i;
            assertEquals(1, service.accessLogLines().stream().filter(l -> l.contains("\"request_id\":\"" + id + "\"")).count());
        }
    }

    @Test
    void metricsUseRouteTemplatesAndIncludeTheApplicationsOwnCounters() throws Exception {
        HttpResponse<String> created = service.postJson("/api/v1/transactions",
            "{\"amount\": 3, \"currency\": \"EUR\", \"type\": \"transfer\", \"product\": \"card\", \"description\": \"rent\"}",
            "Authorization", "Bearer " + token);
        assertEquals(201, created.statusCode(), created.body());
        String id = AgentedProcess.jsonField(created.body(), "id");
        for (int i = 0; i < 2; i++) {
            assertEquals(200, service.get("/api/v1/transactions/" + id, "Authorization", "Bearer " + token).statusCode());
        }
        for (String raw : new String[] {"/no/such/path/1", "/no/such/path/2", "/api/v1/transactions/abc/def"}) {
            assertEquals(404, service.get(raw).statusCode());
        }
        assertTrue(service.awaitSample(
            "http_requests_total{endpoint=\"/api/v1/transactions/{id}\",method=\"GET\",status=\"200\"}", 2) >= 2);
        assertTrue(service.awaitSample(
            "http_requests_total{endpoint=\"unmatched\",method=\"GET\",status=\"404\"}", 3) >= 3);
        String metrics = service.metrics();
        assertFalse(metrics.contains("/no/such/path"), "raw paths must never become label values");
        assertFalse(metrics.contains("endpoint=\"/api/v1/transactions/" + id), "raw ids must never become label values");
        assertTrue(metrics.contains("http_request_duration_seconds_bucket{endpoint=\"/api/v1/transactions/{id}\",method=\"GET\",le=\"0.1\"}"), metrics);
        assertTrue(metrics.contains("http_requests_in_progress"), metrics);
        assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM metrics");
        // the service's own Micrometer counters, although it knows nothing of the agent
        assertTrue(AgentedProcess.sample(metrics,
            "transactions_created_total{product=\"card\",status=\"success\",type=\"transfer\"}") >= 1, metrics);
        assertTrue(metrics.contains("transactions_retrieved_total{source=\"cache\"}"), metrics);
    }

    @Test
    void servesOpenMetricsWhenTheScraperAsksForIt() throws Exception {
        HttpResponse<String> response = AgentedProcess.send(HttpRequest.newBuilder(service.agentUrl("/metrics"))
            .header("Accept", "application/openmetrics-text; version=1.0.0").build());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/openmetrics-text"));
        assertTrue(response.body().trim().endsWith("# EOF"), "OpenMetrics ends with # EOF");
    }

    @Test
    void healthListsEveryKnownService() throws Exception {
        HttpResponse<String> health = AgentedProcess.send(HttpRequest.newBuilder(service.agentUrl("/health")).build());
        assertEquals(200, health.statusCode());
        assertTrue(health.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertEquals("healthy", AgentedProcess.jsonField(health.body(), "status"));
        for (String name : new String[] {"database", "redis", "kafka", "elasticsearch"}) {
            assertTrue(health.body().contains("\"" + name + "\":{"), health.body());
        }
        assertTrue(health.body().contains("\"database\":{\"status\":\"healthy\",\"circuit_breaker\":\"closed\",\"critical\":true}"), health.body());
    }

    @Test
    void answersCorsPreflightsAndMarksResponsesForTheAllowedOrigin() throws Exception {
        HttpResponse<String> preflight = AgentedProcess.send(HttpRequest.newBuilder(service.url("/api/v1/transactions"))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", "http://localhost:3000")
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization, content-type")
            .header("X-Request-ID", "it-preflight").build());
        assertEquals(204, preflight.statusCode());
        assertEquals("http://localhost:3000", preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow().contains("POST"));
        assertEquals("204", AgentedProcess.jsonField(service.awaitAccessLog("it-preflight"), "status"),
            "the agent's own answer is logged like any response");

        HttpResponse<String> foreign = AgentedProcess.send(HttpRequest.newBuilder(service.url("/api/v1/transactions"))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST").build());
        assertEquals(403, foreign.statusCode());
        assertTrue(foreign.headers().firstValue("Access-Control-Allow-Origin").isEmpty());

        HttpResponse<String> simple = service.get("/api/v1/health", "Origin", "http://localhost:3000");
        assertEquals("http://localhost:3000", simple.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertTrue(simple.headers().firstValue("Access-Control-Expose-Headers").orElseThrow().contains("X-Request-ID"));
        assertTrue(service.get("/api/v1/health", "Origin", "https://evil.example").headers()
            .firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    /** Sends one request with raw header bytes (no client-side validation) and returns the echoed X-Request-ID. */
    private static String rawRequestId(byte[] value) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", service.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Request-ID: ".getBytes(StandardCharsets.US_ASCII));
            out.write(value);
            out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            Matcher header = Pattern.compile("(?i)\r\nX-Request-ID: ([^\r\n]*)").matcher(response);
            if (!header.find()) {
                throw new AssertionError("no X-Request-ID in response:\n" + response);
            }
            return header.group(1);
        }
    }
}
