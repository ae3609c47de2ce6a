package io.bulwark.it;

import io.bulwark.testbed.Backend;
import io.bulwark.testbed.RedisBackend;
import io.bulwark.testbed.Stack;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each backend of the shared stack is a real server that a real client can use. */
class BackendsSmokeIT {

    private static Stack stack;

    @BeforeAll
    static void startBackends() throws Exception {
        stack = SharedStack.get();
    }

    @Test
    void envCarriesEveryBackendInTheServiceForm() {
        Map<String, String> env = stack.env();
        assertEquals("postgresql://postgres:postgres@127.0.0.1:" + stack.postgres().port() + "/postgres",
            env.get("DATABASE_URL"));
        assertEquals("redis://127.0.0.1:" + stack.redis().port(), env.get("REDIS_URL"));
        assertEquals("127.0.0.1:" + stack.kafka().port(), env.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("http://127.0.0.1:" + stack.elasticsearch().port(), env.get("ELASTICSEARCH_URL"));
        for (Backend backend : stack.backends()) {
            assertTrue(ProcessHandle.of(backend.pid()).map(ProcessHandle::isAlive).orElse(false), backend.name());
        }
    }

    @Test
    void postgresAnswersSql() throws Exception {
        try (Connection connection = DriverManager.getConnection(stack.postgres().jdbcUrl(), "postgres", "postgres");
             ResultSet result = connection.createStatement().executeQuery("select 1, version()")) {
            assertTrue(result.next());
            assertEquals(1, result.getInt(1));
            assertTrue(result.getString(2).startsWith("PostgreSQL"), result.getString(2));
        }
    }

    @Test
    void redisAnswersPingAndStoresValues() {
        RedisClient client = RedisClient.create(stack.redis().url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            assertEquals("PONG", connection.sync().ping());
            connection.sync().set("smoke", "value");
            assertEquals("value", connection.sync().get("smoke"));
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void kafkaAcceptsARecordAndReportsMetadata() throws Exception {
        Map<String, Object> config = Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().url(),
            ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            RecordMetadata sent = producer.send(new ProducerRecord<>("bulwark-smoke", "key", "value"))
                .get(30, TimeUnit.SECONDS);
            assertEquals("bulwark-smoke", sent.topic());
            assertTrue(sent.offset() >= 0);
            List<PartitionInfo> partitions = producer.partitionsFor("bulwark-smoke");
            assertEquals(1, partitions.size());
            assertEquals(1, partitions.get(0).leader().id());
        }
    }

    @Test
    void elasticsearchIndexesAndReturnsADocument() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = stack.elasticsearch().url();
        HttpResponse<String> indexed = http.send(HttpRequest.newBuilder(URI.create(base + "/smoke/_doc/1?refresh=true"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"description\":\"coffee\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(201, indexed.statusCode(), indexed.body());
        HttpResponse<String> fetched = http.send(HttpRequest.newBuilder(URI.create(base + "/smoke/_doc/1")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, fetched.statusCode(), fetched.body());
        assertTrue(fetched.body().contains("\"found\":true") && fetched.body().contains("coffee"), fetched.body());
        HttpResponse<String> root = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, root.statusCode());
        assertTrue(root.body().contains("\"number\":\"9.5.3\""), root.body());
    }

    @Test
    void redisComesBackOnTheSamePortAfterKill() throws Exception {
        RedisBackend redis = stack.redis();
        int port = redis.port();
        long oldPid = redis.pid();
        redis.kill();
        assertTrue(ProcessHandle.of(oldPid).isEmpty() || !ProcessHandle.of(oldPid).get().isAlive());
        RedisClient client = RedisClient.create(redis.url());
        try {
            assertThrows(RedisConnectionException.class, client::connect);
            redis.start();
            assertEquals(port, redis.port());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                assertEquals("PONG", connection.sync().ping());
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
