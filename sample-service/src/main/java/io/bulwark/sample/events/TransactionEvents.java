package io.bulwark.sample.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.sample.transactions.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes one event per created transaction to Kafka; a broker that is down makes the event skipped. */
public final class TransactionEvents implements AutoCloseable {

    public static final String TOPIC = "transactions.created";
    private static final Logger log = LoggerFactory.getLogger(TransactionEvents.class);

    private final KafkaProducer<String, String> producer;
    private final Properties adminConfig;
    private final ObjectMapper mapper;

    public TransactionEvents(String bootstrapServers, ObjectMapper mapper) {
        this.mapper = mapper;
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "sample-service");
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        // a dead broker must not hold a request for long: these bound metadata waits and delivery
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4_000);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());

        adminConfig = new Properties();
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "sample-service-health");
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1_000);
    }

    /** Sends the event and waits for the broker's acknowledgement; failures are logged and skipped. */
    public void publishCreated(Transaction transaction) {
        String key = Long.toString(transaction.id());
        try {
            producer.send(new ProducerRecord<>(TOPIC, key, eventJson(transaction))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted while publishing the event for transaction {}", transaction.id());
        } catch (ExecutionException e) {
            log.warn("Kafka unavailable, event for transaction {} skipped: {}", transaction.id(), String.valueOf(e.getCause()));
        } catch (RuntimeException e) {
            log.warn("Kafka unavailable, event for transaction {} skipped: {}", transaction.id(), e.toString());
        }
    }

    private String eventJson(Transaction transaction) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_type", "transaction.created");
        event.put("occurred_at", Instant.now().toString());
        event.put("transaction", transaction);
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Transaction event is not serialisable", e);
        }
    }

    /**
     * Asks the cluster to describe itself. The admin client lives only for the check: a long-lived one keeps
     * reconnecting (and logging) for as long as the broker is down, even when nobody asks.
     */
    public boolean isHealthy() {
        try (Admin admin = Admin.create(adminConfig)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(1_000)).clusterId().get(2, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
