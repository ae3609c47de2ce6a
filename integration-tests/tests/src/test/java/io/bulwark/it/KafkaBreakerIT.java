package io.bulwark.it;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kafka producer of the unmodified sample service through the agent, against a real broker: every event carries
 * the request ID of the request that created it; a killed broker opens the kafka breaker, after which transactions
 * are still created at once (the event skipped, as the service does when the broker is down) and /health says
 * degraded; a restarted broker closes it again and events flow.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaBreakerIT {

    private static final String TOPIC = "transactions.created";
    private static BreakerScenario scenario;

    @BeforeAll
    static void start() throws Exception {
        scenario = BreakerScenario.start("kafka-breaker", "");
    }

    @AfterAll
    static void stop() {
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    @Order(1)
    void theEventOfATransactionCarriesTheRequestId() throws Exception {
        HttpResponse<String> created = scenario.createTransaction("traced", "it-kafka-trace-1");
        assertEquals(201, created.statusCode(), created.body());
        ConsumerRecord<String, String> event = awaitEvent(AgentedProcess.jsonField(created.body(), "id"));
        Header requestId = event.headers().lastHeader("X-Request-ID");
        assertNotNull(requestId, "headers: " + event.headers());
        assertEquals("it-kafka-trace-1", new String(requestId.value(), StandardCharsets.UTF_8));
        assertEquals(1, count(event.headers().headers("X-Request-ID")));
        assertTrue(scenario.calls("kafka", "send", "success") >= 1);
    }

    @Test
    @Order(2)
    void aKilledBrokerOpensTheBreakerAndTransactionsGoOnWithoutTheirEvents() throws Exception {
        HttpResponse<String> committed = scenario.createTransaction("before-kill", "it-kafka-before-kill");
        assertEquals(201, committed.statusCode(), committed.body());
        String committedId = AgentedProcess.jsonField(committed.body(), "id");
        awaitEvent(committedId);
        HttpResponse<String> healthy = scenario.health();
        assertEquals(200, healthy.statusCode());
        assertEquals("{\"status\":\"healthy\",\"circuit_breaker\":\"closed\",\"critical\":false}",
            BreakerScenario.healthEntry(healthy.body(), "kafka"));

        scenario.stack.kafka().kill();
        List<Integer> statuses = new ArrayList<>();
        scenario.trafficUntil("kafka", "open", Duration.ofSeconds(90),
            i -> statuses.add(scenario.createTransaction("during-outage", "it-kafka-outage-" + i).statusCode()));
        assertTrue(statuses.stream().allMatch(status -> status == 201), "while failing: " + statuses);
        scenario.awaitTransition("kafka", "CLOSED -> OPEN after " + BreakerScenario.FAILURE_THRESHOLD
            + " consecutive failures");
        assertTrue(scenario.calls("kafka", "send", "failure") >= BreakerScenario.FAILURE_THRESHOLD);

        double rejectedBefore = scenario.calls("kafka", "send", "rejected");
        long start = System.nanoTime();
        HttpResponse<String> withoutEvent = scenario.createTransaction("while-open", "it-kafka-open");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(201, withoutEvent.statusCode(), withoutEvent.body());
        // a send that really waited for the dead broker would take the producer's 4 s delivery timeout
        assertTrue(seconds < 1, "answered in " + seconds + " s");
        assertTrue(scenario.calls("kafka", "send", "rejected") > rejectedBefore);
        String skipped = scenario.service.process.awaitLogLine(line -> line.contains("event for transaction "
            + AgentedProcess.jsonField(withoutEvent.body(), "id") + " skipped"), Duration.ofSeconds(5));
        assertTrue(skipped.contains("TimeoutException"), skipped);

        HttpResponse<String> degraded = scenario.health();
        assertEquals(200, degraded.statusCode(), degraded.body());
        assertEquals("degraded", AgentedProcess.jsonField(degraded.body(), "status"));
        assertEquals("{\"status\":\"unhealthy\",\"circuit_breaker\":\"open\",\"critical\":false}",
            BreakerScenario.healthEntry(degraded.body(), "kafka"));

        scenario.stack.kafka().start();
        scenario.trafficUntil("kafka", "closed", Duration.ofSeconds(90),
            i -> scenario.createTransaction("recovering", "it-kafka-recovering-" + i));
        scenario.awaitTransition("kafka", "OPEN -> HALF_OPEN");
        scenario.awaitTransition("kafka", "HALF_OPEN -> CLOSED");

        HttpResponse<String> after = scenario.createTransaction("after-restart", "it-kafka-after-restart");
        assertEquals(201, after.statusCode(), after.body());
        ConsumerRecord<String, String> event = awaitEvent(AgentedProcess.jsonField(after.body(), "id"));
        assertEquals("it-kafka-after-restart",
            new String(event.headers().lastHeader("X-Request-ID").value(), StandardCharsets.UTF_8));
        awaitEvent(committedId);
        assertEquals(200, scenario.getTransaction(committedId).statusCode());
        HttpResponse<String> healthyAgain = scenario.health();
        assertEquals(200, healthyAgain.statusCode());
        assertEquals("{\"status\":\"healthy\",\"circuit_breaker\":\"closed\",\"critical\":false}",
            BreakerScenario.healthEntry(healthyAgain.body(), "kafka"));
    }

    /** The event of one transaction (keyed by its id), read from the start of the topic. */
    private static ConsumerRecord<String, String> awaitEvent(String transactionId) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, scenario.stack.kafka().url());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer =
                 new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (transactionId.equals(record.key())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no event for transaction " + transactionId + " on " + TOPIC);
    }

    private static int count(Iterable<Header> headers) {
        int count = 0;
        for (Header ignored : headers) {
            count++;
        }
        return count;
    }
}
