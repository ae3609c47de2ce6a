package io.bulwark.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database breaker on the unmodified sample service (JDBC through HikariCP to a real PostgreSQL): a SQL error of
 * the caller's making leaves it closed; a killed server opens it, requests then fail fast with the 503 the service
 * gives for an unreachable database, /health says unhealthy; a restarted server closes it again and nothing
 * committed is lost.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseBreakerIT {

    private static BreakerScenario scenario;

    @BeforeAll
    static void start() throws Exception {
        // a deadline that passes before the database call of GET by id when Redis hangs: well below the service's
        // 1 s Redis command timeout, so that the agent's 504 comes first
        scenario = BreakerScenario.start("database-breaker", """
            timeouts:
              routes:
                - {path: "/api/v1/transactions/{id}", methods: [GET], timeout: 400ms}
            """);
    }

    @AfterAll
    static void stop() {
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    @Order(1)
    void aConstraintViolationIsTheCallersErrorAndLeavesTheBreakerClosed() throws Exception {
        assertEquals(201, scenario.createTransaction("before-constraint", "it-db-schema").statusCode());
        try (Connection connection = directConnection(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE transactions ADD CONSTRAINT it_refused_product"
                + " CHECK (product <> 'refused-by-constraint')");
        }
        for (int i = 0; i < BreakerScenario.FAILURE_THRESHOLD + 2; i++) {
            HttpResponse<String> refused = scenario.createTransaction("refused-by-constraint", "it-db-check-" + i);
            assertEquals(500, refused.statusCode(), "the service's answer to a failing statement: " + refused.body());
        }
        assertEquals(1, scenario.breakerState("database", "closed"));
        assertTrue(scenario.calls("database", "query", "ignored_error") >= BreakerScenario.FAILURE_THRESHOLD + 2);
        assertEquals(0, scenario.calls("database", "query", "failure"));
        assertEquals(201, scenario.createTransaction("after-constraint", "it-db-after-check").statusCode());
    }

    @Test
    @Order(2)
    void aCallAfterTheRequestsDeadlineIsNotMade() throws Exception {
        HttpResponse<String> created = scenario.createTransaction("deadline", "it-db-deadline-create");
        assertEquals(201, created.statusCode(), created.body());
        double queriesBefore = scenario.calls("database", "query", "success")
            + scenario.calls("database", "query", "failure");
        // the cache lookup hangs on a stopped Redis until the request's budget is spent; only then does the
        // service turn to the database
        scenario.stack.redis().pause();
        HttpResponse<String> late;
        try {
            late = scenario.service.get("/api/v1/transactions/" + AgentedProcess.jsonField(created.body(), "id"),
                "Authorization", "Bearer " + scenario.token, "X-Request-ID", "it-db-deadline");
        } finally {
            scenario.stack.redis().resume();
        }
        assertEquals(504, late.statusCode(), late.body());
        String refused = scenario.service.process.awaitLogLine(line -> line.contains("request_id=it-db-deadline ")
            && line.contains("Database unavailable"), Duration.ofSeconds(10));
        assertTrue(refused.contains("the deadline of the request being handled has passed"), refused);
        assertEquals(queriesBefore, scenario.calls("database", "query", "success")
            + scenario.calls("database", "query", "failure"), "no query was made");
        assertEquals(1, scenario.breakerState("database", "closed"));
    }

    @Test
    @Order(3)
    void aKilledDatabaseOpensTheBreakerWhichFailsFastAndClosesAfterARestart() throws Exception {
        HttpResponse<String> committed = scenario.createTransaction("before-kill", "it-db-before-kill");
        assertEquals(201, committed.statusCode(), committed.body());
        String committedId = AgentedProcess.jsonField(committed.body(), "id");
        assertTrue(scenario.calls("database", "query", "success") >= 1);
        assertTrue(scenario.calls("database", "connect", "success") >= 1);
        HttpResponse<String> healthy = scenario.health();
        assertEquals(200, healthy.statusCode());
        assertEquals("{\"status\":\"healthy\",\"circuit_breaker\":\"closed\",\"critical\":true}",
            BreakerScenario.healthEntry(healthy.body(), "database"));
        // the embedded server runs with synchronous_commit=off: flush what was committed before pulling the plug
        try (Connection connection = directConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        }

        scenario.stack.postgres().kill();
        List<Integer> statuses = new ArrayList<>();
        scenario.trafficUntil("database", "open", Duration.ofSeconds(60),
            i -> statuses.add(scenario.createTransaction("during-outage", "it-db-outage-" + i).statusCode()));
        assertTrue(statuses.stream().allMatch(status -> status == 503), "while failing: " + statuses);
        scenario.awaitTransition("database", "CLOSED -> OPEN after " + BreakerScenario.FAILURE_THRESHOLD
            + " consecutive failures");

        double rejectedBefore = scenario.calls("database", "connect", "rejected");
        long start = System.nanoTime();
        HttpResponse<String> fastFailure = scenario.createTransaction("while-open", "it-db-open");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(503, fastFailure.statusCode(), fastFailure.body());
        assertEquals("service_unavailable", AgentedProcess.jsonField(fastFailure.body(), "error"));
        // a checkout that really waited for the dead database would take the pool's 2 s connection timeout
        assertTrue(seconds < 1, "answered in " + seconds + " s");
        assertTrue(scenario.calls("database", "connect", "rejected") > rejectedBefore);
        assertTrue(scenario.calls("database", "query", "failure") + scenario.calls("database", "connect", "failure")
            >= BreakerScenario.FAILURE_THRESHOLD);

        HttpResponse<String> unhealthy = scenario.health();
        assertEquals(503, unhealthy.statusCode(), unhealthy.body());
        assertEquals("unhealthy", AgentedProcess.jsonField(unhealthy.body(), "status"));
        assertEquals("{\"status\":\"unhealthy\",\"circuit_breaker\":\"open\",\"critical\":true}",
            BreakerScenario.healthEntry(unhealthy.body(), "database"));

        scenario.stack.postgres().start();
        // concurrent requests: checkouts waiting in the half-open pool must not starve the pool's own connect
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            scenario.trafficUntil("database", "closed", Duration.ofSeconds(60), i -> {
                List<Future<HttpResponse<String>>> sent = new ArrayList<>();
                for (int client = 0; client < 4; client++) {
                    String requestId = "it-db-recovering-" + i + "-" + client;
                    sent.add(clients.submit(() -> scenario.createTransaction("recovering", requestId)));
                }
                for (Future<HttpResponse<String>> response : sent) {
                    response.get();
                }
            });
        } finally {
            clients.shutdownNow();
        }
        scenario.awaitTransition("database", "OPEN -> HALF_OPEN");
        scenario.awaitTransition("database", "HALF_OPEN -> CLOSED");

        HttpResponse<String> after = scenario.createTransaction("after-restart", "it-db-after-restart");
        assertEquals(201, after.statusCode(), after.body());
        HttpResponse<String> earlier = scenario.getTransaction(committedId);
        assertEquals(200, earlier.statusCode(), earlier.body());
        assertEquals("before-kill", AgentedProcess.jsonField(earlier.body(), "product"));
        // the single GET may come from the cache; the list is read from the database
        HttpResponse<String> listed = scenario.service.get("/api/v1/transactions?limit=100",
            "Authorization", "Bearer " + scenario.token);
        assertEquals(200, listed.statusCode(), listed.body());
        assertTrue(listed.body().contains("\"id\":" + committedId + ","), listed.body());
        HttpResponse<String> healthyAgain = scenario.health();
        assertEquals(200, healthyAgain.statusCode());
        assertEquals("{\"status\":\"healthy\",\"circuit_breaker\":\"closed\",\"critical\":true}",
            BreakerScenario.healthEntry(healthyAgain.body(), "database"));
    }

    private static Connection directConnection() throws Exception {
        return DriverManager.getConnection(scenario.stack.postgres().jdbcUrl(), "postgres", "postgres");
    }
}
