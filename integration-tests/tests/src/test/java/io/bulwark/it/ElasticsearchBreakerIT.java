package io.bulwark.it;

import io.bulwark.testbed.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The elasticsearch breaker around the sample service's elasticsearch-java client (Rest5Client transport), against a
 * node that is really paused (SIGSTOP: connections stay open, nothing answers) and resumed: the breaker opens after 3
 * failures, searches then answer their 503 at once instead of hanging until the request timeout, creating
 * transactions goes on, /health says degraded, and after the resume the breaker closes and search works again.
 */
class ElasticsearchBreakerIT {

    private static final String SEARCH = "/api/v1/transactions?q=espresso";

    private static BreakerScenario scenario;
    private static Stack stack;
    private static AgentedProcess service;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        scenario = BreakerScenario.start("breaker-elasticsearch", BreakerMetrics.LENIENT_POLICIES);
        stack = scenario.stack;
        service = scenario.service;
        token = scenario.token;
    }

    @AfterAll
    static void stop() {
        if (scenario != null) {
            scenario.stack.elasticsearch().resume();
            scenario.close();
        }
    }

    @Test
    void opensWhenElasticsearchHangsFailsFastWhileOpenAndClosesAfterTheResume() throws Exception {
        String before = create("espresso before the outage");
        awaitFound(before);
        assertEquals("closed", BreakerMetrics.state(service, "elasticsearch"));

        stack.elasticsearch().pause();
        try {
            // each search hangs until the route's 10 s request timeout answers 504; a call that hung past the
            // 5 s call_timeout counts as a failure although the handler was interrupted
            BreakerMetrics.trafficUntil(service, "elasticsearch", "open", Duration.ofSeconds(90), () -> {
                int status = search().statusCode();
                assertTrue(status == 503 || status == 504, "status " + status);
            });
            BreakerMetrics.transition(service, "elasticsearch", "CLOSED", "OPEN");
            assertTrue(BreakerMetrics.calls(service, "elasticsearch", "request", "failure") >= 3);

            // while open: the 503 comes at once
            double rejected = BreakerMetrics.calls(service, "elasticsearch", "request", "rejected");
            long start = System.nanoTime();
            HttpResponse<String> searched = search();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals("open", BreakerMetrics.state(service, "elasticsearch"), "still open after the timed request");
            assertEquals(503, searched.statusCode(), searched.body());
            assertEquals("service_unavailable", AgentedProcess.jsonField(searched.body(), "error"));
            assertTrue(seconds < 1, "answered in " + seconds + " s while the breaker was open");
            assertTrue(BreakerMetrics.calls(service, "elasticsearch", "request", "rejected") > rejected);
            // the application saw the transport's own IOException for an unreachable node
            String warning = service.process.awaitLogLine(line -> line.contains("Elasticsearch unavailable")
                && line.contains("java.net.ConnectException"), Duration.ofSeconds(5));
            assertTrue(warning.contains("circuit breaker for elasticsearch is open"), warning);

            start = System.nanoTime();
            HttpResponse<String> created = service.postJson("/api/v1/transactions",
                newTransaction("espresso during the outage"), "Authorization", "Bearer " + token);
            seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(201, created.statusCode(), created.body());
            assertTrue(seconds < 2, "created in " + seconds + " s without waiting for Elasticsearch");

            HttpResponse<String> health = AgentedProcess.send(HttpRequest.newBuilder(service.agentUrl("/health")).build());
            assertEquals(200, health.statusCode(), health.body());
            assertEquals("degraded", AgentedProcess.jsonField(health.body(), "status"), health.body());
            assertTrue(health.body().contains("\"elasticsearch\":{\"status\":\"unhealthy\",\"circuit_breaker\":\"open\""),
                health.body());
        } finally {
            stack.elasticsearch().resume();
        }

        BreakerMetrics.trafficUntil(service, "elasticsearch", "closed", Duration.ofSeconds(60), () -> search());
        BreakerMetrics.transition(service, "elasticsearch", "OPEN", "HALF_OPEN");
        BreakerMetrics.transition(service, "elasticsearch", "HALF_OPEN", "CLOSED");

        String after = create("espresso after the outage");
        awaitFound(after);
        assertEquals("healthy", AgentedProcess.jsonField(
            AgentedProcess.send(HttpRequest.newBuilder(service.agentUrl("/health")).build()).body(), "status"));
    }

    private static String create(String description) throws Exception {
        HttpResponse<String> created = service.postJson("/api/v1/transactions", newTransaction(description),
            "Authorization", "Bearer " + token);
        assertEquals(201, created.statusCode(), created.body());
        return AgentedProcess.jsonField(created.body(), "id");
    }

    private static String newTransaction(String description) {
        return "{\"amount\": 3.2, \"currency\": \"EUR\", \"type\": \"payment\", \"product\": \"wallet\", \"description\": \""
            + description + "\"}";
    }

    private static HttpResponse<String> search() throws Exception {
        return service.get(SEARCH, "Authorization", "Bearer " + token);
    }

    /** Search is near-real-time: a new document shows up after the index's next refresh. */
    private static void awaitFound(String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            HttpResponse<String> found = search();
            assertEquals(200, found.statusCode(), found.body());
            if (found.body().contains("\"id\":" + id + ",")) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "transaction " + id + " not found by search: " + found.body());
            Thread.sleep(200);
        }
    }
}
