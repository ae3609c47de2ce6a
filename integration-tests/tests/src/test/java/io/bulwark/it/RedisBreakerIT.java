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
 * The redis breaker around the sample service's lettuce sync API, against a Redis server that is really killed and
 * restarted: the breaker opens after 3 failures, cached reads then fall back to PostgreSQL at once instead of waiting
 * for lettuce's 1 s timeout, /health says degraded, and after the restart the breaker closes and the cache serves again.
 */
class RedisBreakerIT {

    private static BreakerScenario scenario;
    private static Stack stack;
    private static AgentedProcess service;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        scenario = BreakerScenario.start("breaker-redis", BreakerMetrics.LENIENT_POLICIES);
        stack = scenario.stack;
        service = scenario.service;
        token = scenario.token;
    }

    @AfterAll
    static void stop() {
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    void opensWhenRedisDiesFailsFastWhileOpenAndClosesAfterTheRestart() throws Exception {
        String id = create("before the outage");
        assertEquals(200, fetch(id).statusCode());
        double cacheHits = cacheHits();
        assertEquals(200, fetch(id).statusCode());
        assertTrue(cacheHits() > cacheHits, "served from the cache while Redis is up");
        assertEquals("closed", BreakerMetrics.state(service, "redis"));

        stack.redis().kill();
        BreakerMetrics.trafficUntil(service, "redis", "open", Duration.ofSeconds(30), () -> assertEquals(200, fetch(id).statusCode()));
        BreakerMetrics.transition(service, "redis", "CLOSED", "OPEN");
        assertTrue(BreakerMetrics.calls(service, "redis", "command", "failure") >= 3);

        // while open: answered from PostgreSQL without waiting for lettuce's 1 s command timeout (twice per request)
        double rejected = BreakerMetrics.calls(service, "redis", "command", "rejected");
        long start = System.nanoTime();
        HttpResponse<String> fetched = fetch(id);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals("open", BreakerMetrics.state(service, "redis"), "still open after the timed request");
        assertEquals(200, fetched.statusCode(), fetched.body());
        assertEquals(id, AgentedProcess.jsonField(fetched.body(), "id"));
        assertTrue(seconds < 0.8, "answered in " + seconds + " s while the breaker was open");
        assertTrue(BreakerMetrics.calls(service, "redis", "command", "rejected") >= rejected + 2, "get and put rejected");
        // the application saw lettuce's own connection failure and handled it as it always does
        String warning = service.process.awaitLogLine(line -> line.contains("Redis unavailable, reading transaction " + id)
            && line.contains("io.lettuce.core.RedisConnectionException"), Duration.ofSeconds(5));
        assertTrue(warning.contains("circuit breaker for redis is open"), warning);

        HttpResponse<String> created = service.postJson("/api/v1/transactions", newTransaction("during the outage"),
            "Authorization", "Bearer " + token);
        assertEquals(201, created.statusCode(), created.body());

        HttpResponse<String> health = AgentedProcess.send(HttpRequest.newBuilder(service.agentUrl("/health")).build());
        assertEquals(200, health.statusCode(), health.body());
        assertEquals("degraded", AgentedProcess.jsonField(health.body(), "status"), health.body());
        assertTrue(health.body().contains("\"redis\":{\"status\":\"unhealthy\",\"circuit_breaker\":\"open\""), health.body());

        stack.redis().start();
        // lettuce reconnects by itself (with a backoff); half-open probes fail until it has, then 2 successes close it
        BreakerMetrics.trafficUntil(service, "redis", "closed", Duration.ofSeconds(60), () -> assertEquals(200, fetch(id).statusCode()));
        BreakerMetrics.transition(service, "redis", "OPEN", "HALF_OPEN");
        BreakerMetrics.transition(service, "redis", "HALF_OPEN", "CLOSED");

        String after = create("after the outage");
        double hitsBefore = cacheHits();
        assertEquals(200, fetch(after).statusCode());
        assertTrue(cacheHits() > hitsBefore, "the cache serves again");
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
        return "{\"amount\": 7.5, \"currency\": \"EUR\", \"type\": \"payment\", \"product\": \"wallet\", \"description\": \""
            + description + "\"}";
    }

    private static HttpResponse<String> fetch(String id) throws Exception {
        return service.get("/api/v1/transactions/" + id, "Authorization", "Bearer " + token);
    }

    private static double cacheHits() throws Exception {
        return AgentedProcess.sample(service.metrics(), "transactions_retrieved_total{source=\"cache\"}");
    }
}
