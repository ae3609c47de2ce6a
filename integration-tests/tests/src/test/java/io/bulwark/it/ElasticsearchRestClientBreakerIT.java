package io.bulwark.it;

import io.bulwark.testbed.ElasticsearchBackend;
import io.bulwark.testbed.JavaProcess;
import io.bulwark.testbed.Jdks;
import io.bulwark.testbed.Ports;
import io.bulwark.testbed.Project;
import io.bulwark.testbed.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The elasticsearch breaker around the client's RestClient-based transport, sync and async (a tiny application,
 * ElasticsearchClientApp), against a node that is paused (SIGSTOP) and resumed: 404 error responses leave the breaker
 * closed; the hanging node opens it; while open the sync client throws the transport's ConnectException and the async
 * one fails its future with it, at once; after the resume it closes and both work again.
 */
class ElasticsearchRestClientBreakerIT {

    private static final String OPEN = "error:java.net.ConnectException:"
        + "Elasticsearch request not sent: the circuit breaker for elasticsearch is open";

    private static Path work;
    private static ElasticsearchBackend elasticsearch;

    @BeforeAll
    static void startElasticsearch() throws Exception {
        work = Project.locate().resolve("integration-tests/tests/target/breaker-es-rest-client");
        Stack.deleteWorkDirectory(work);
        elasticsearch = new ElasticsearchBackend(work.resolve("elasticsearch"));
        elasticsearch.start();
    }

    @AfterAll
    static void stopElasticsearch() {
        if (elasticsearch != null) {
            elasticsearch.resume();
            elasticsearch.stop();
        }
    }

    @Test
    void anAsyncRequestToAPausedNodeFailsWithTheSocketTimeoutAtCallTimeout() throws Exception {
        // the application waits up to 10 s for the node; the agent's call_timeout is 1 s
        try (AgentedProcess app = start(10_000, BreakerMetrics.CONFIG + "  call_timeout: 1s\n")) {
            assertTrue(call(app, "/async/health").startsWith("value:"), call(app, "/async/health"));
            elasticsearch.pause();
            try {
                long start = System.nanoTime();
                String failed = call(app, "/async/health");
                double seconds = (System.nanoTime() - start) / 1e9;
                assertEquals("error:java.net.SocketTimeoutException:1000 milliseconds timeout on connection"
                    + " (Bulwark: the service's call_timeout)", failed);
                assertTrue(seconds >= 0.9 && seconds < 3, "failed after " + seconds + " s, not about 1 s");
                System.out.printf("%s: async request failed with SocketTimeoutException after %.2f s%n",
                    getClass().getSimpleName(), seconds);
                assertEquals(1, BreakerMetrics.calls(app, "elasticsearch", "request", "failure"));
            } finally {
                elasticsearch.resume();
            }
        }
    }

    @Test
    void syncAndAsyncRequestsAreProtected() throws Exception {
        try (AgentedProcess app = start(2_000, BreakerMetrics.CONFIG)) {
            assertTrue(call(app, "/client-jar").contains(expectedClientJar()), call(app, "/client-jar"));
            assertTrue(call(app, "/sync/health").startsWith("value:"), call(app, "/sync/health"));
            assertTrue(call(app, "/async/health").startsWith("value:"), call(app, "/async/health"));
            for (int i = 0; i < 4; i++) {
                for (String path : new String[] {"/sync/missing", "/async/missing"}) {
                    String missing = call(app, path);
                    assertTrue(missing.startsWith("error:co.elastic.clients.elasticsearch._types.ElasticsearchException:")
                        && missing.contains("index_not_found_exception"), missing);
                }
            }
            assertEquals("closed", BreakerMetrics.state(app, "elasticsearch"), "a 404 is the caller's mistake");
            assertEquals(8, BreakerMetrics.calls(app, "elasticsearch", "request", "ignored_error"));

            elasticsearch.pause();
            try {
                // each request waits for the client's 2 s socket timeout
                BreakerMetrics.trafficUntil(app, "elasticsearch", "open", Duration.ofSeconds(60),
                    () -> call(app, "/sync/health"));
                for (String path : new String[] {"/sync/health", "/async/health"}) {
                    long start = System.nanoTime();
                    String failed = call(app, path);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    assertEquals("open", BreakerMetrics.state(app, "elasticsearch"), "still open after " + path);
                    assertEquals(OPEN, failed, path);
                    assertTrue(seconds < 0.5, path + " failed after " + seconds + " s, not at once");
                }
                assertTrue(BreakerMetrics.calls(app, "elasticsearch", "request", "rejected") >= 2);
            } finally {
                elasticsearch.resume();
            }

            BreakerMetrics.trafficUntil(app, "elasticsearch", "closed", Duration.ofSeconds(60), () -> {
                call(app, "/sync/health");
                call(app, "/async/health");
            });
            assertTrue(call(app, "/sync/health").startsWith("value:"));
            assertTrue(call(app, "/async/health").startsWith("value:"));
            assertEquals(0, AgentedProcess.sample(app.metrics(), "bulwark_agent_errors_total"));
        }
    }

    /** The Elasticsearch client jar the application must have loaded. */
    String expectedClientJar() {
        return "elasticsearch-java-9.";
    }

    /** The application's class path: the test class path, with its elasticsearch-java 9.x. */
    String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private AgentedProcess start(int socketTimeoutMillis, String config) throws Exception {
        Project project = Project.locate();
        Files.createDirectories(work);
        Path configFile = Files.writeString(work.resolve("breaker-config.yaml"), config);
        int port = Ports.freePort();
        int agentPort = Ports.freePort();
        String classpath = classpath();
        JavaProcess.Builder builder = JavaProcess.builder("es-rest-client")
            .jdk(Jdks.jdk25().orElseThrow())
            .javaAgent(project.agentJar(), configFile)
            .mainClass(classpath, "io.bulwark.it.apps.ElasticsearchClientApp")
            .args(Integer.toString(port), elasticsearch.url(), Integer.toString(socketTimeoutMillis))
            .env("BULWARK_AGENT_PORT", Integer.toString(agentPort))
            .workingDirectory(work);
        return AgentedProcess.started(builder, port, agentPort, "/ready");
    }

    private static String call(AgentedProcess app, String path) throws Exception {
        return app.get(path).body();
    }
}
