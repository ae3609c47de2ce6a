package io.bulwark.it;

import io.bulwark.testbed.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * circuit_breakers.services split by target: the sample service's calls to PostgreSQL (JDBC URL prefix), Redis
 * (host:port), Kafka (bootstrap host:port) and Elasticsearch (node URI prefix) go to services named in the config,
 * not to the libraries' default ones; a killed Redis opens the "cache" breaker, which /metrics, /health and the
 * application's own failure name, while the others stay closed.
 */
class SplitServicesIT {

    private static BreakerScenario scenario;
    private static AgentedProcess service;

    @BeforeAll
    static void start() throws Exception {
        scenario = BreakerScenario.start("breaker-split", SplitServicesIT::services);
        service = scenario.service;
    }

    private static String services(Stack stack) {
        return """
              services:
                database: {}
                primary-db: {library: database, match: ["jdbc:postgresql://127.0.0.1:%d/"]}
                redis: {}
                cache: {library: redis, match: ["127.0.0.1:%d"]}
                kafka: {}
                events: {library: kafka, match: ["127.0.0.1:%d"]}
                elasticsearch: {}
                search: {library: elasticsearch, match: ["http://127.0.0.1:%d"]}
            health:
              critical_services: [primary-db]
            """.formatted(stack.postgres().port(), stack.redis().port(), stack.kafka().port(),
            stack.elasticsearch().port()) + BreakerMetrics.LENIENT_POLICIES;
    }

    @AfterAll
    static void stop() {
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    void eachLibrarysCallsGoToTheServiceThatMatchesTheirTarget() throws Exception {
        HttpResponse<String> created = scenario.createTransaction("espresso", "split-1");
        assertEquals(201, created.statusCode(), created.body());
        String id = AgentedProcess.jsonField(created.body(), "id");
        assertEquals(200, scenario.getTransaction(id).statusCode());
        assertEquals(200, scenario.getTransaction(id).statusCode());
        assertEquals(200, service.get("/api/v1/transactions?q=espresso", "Authorization", "Bearer " + scenario.token)
            .statusCode());

        String metrics = service.metrics();
        for (String split : new String[] {"primary-db", "cache", "events", "search"}) {
            assertEquals("closed", BreakerMetrics.state(service, split));
            assertTrue(calls(metrics, split) > 0, split + " has seen no call");
        }
        for (String library : new String[] {"database", "redis", "kafka", "elasticsearch"}) {
            assertEquals(0, calls(metrics, library), library + " has seen calls");
        }
        assertTrue(scenario.calls("cache", "command", "success") >= 2);
        assertTrue(scenario.calls("events", "send", "success") >= 1);

        scenario.stack.redis().kill();
        scenario.trafficUntil("cache", "open", Duration.ofSeconds(30),
            i -> assertEquals(200, scenario.getTransaction(id).statusCode()));
        scenario.awaitTransition("cache", "CLOSED -> OPEN");
        String warning = service.process.awaitLogLine(line -> line.contains("Redis unavailable")
            && line.contains("circuit breaker for cache is open"), Duration.ofSeconds(10));
        assertTrue(warning.contains("io.lettuce.core.RedisConnectionException"), warning);

        HttpResponse<String> health = scenario.health();
        assertEquals(200, health.statusCode(), health.body());
        assertEquals("degraded", AgentedProcess.jsonField(health.body(), "status"), health.body());
        assertTrue(BreakerScenario.healthEntry(health.body(), "cache").contains("\"circuit_breaker\":\"open\""),
            health.body());
        assertTrue(BreakerScenario.healthEntry(health.body(), "primary-db").contains("\"circuit_breaker\":\"closed\""),
            health.body());
        assertEquals("closed", BreakerMetrics.state(service, "events"));
        assertEquals(0, calls(service.metrics(), "redis"), "the default redis service saw nothing");
        assertEquals(0, AgentedProcess.sample(service.metrics(), "bulwark_agent_errors_total"));
    }

    /** All calls of a service, whatever their operation and outcome. */
    private static double calls(String metrics, String service) {
        return metrics.lines()
            .filter(line -> line.startsWith("external_service_calls_total{") && line.contains("service=\"" + service + "\""))
            .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
            .sum();
    }
}
