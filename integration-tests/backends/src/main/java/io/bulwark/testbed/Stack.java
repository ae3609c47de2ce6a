package io.bulwark.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** PostgreSQL, Redis, Kafka and Elasticsearch together, each in a directory below one work directory. */
public final class Stack implements AutoCloseable {

    private final PostgresBackend postgres;
    private final RedisBackend redis;
    private final KafkaBackend kafka;
    private final ElasticsearchBackend elasticsearch;

    public Stack(Path workDirectory) {
        this.postgres = new PostgresBackend(workDirectory.resolve("postgres"));
        this.redis = new RedisBackend(workDirectory.resolve("redis"));
        this.kafka = new KafkaBackend(workDirectory.resolve("kafka"));
        this.elasticsearch = new ElasticsearchBackend(workDirectory.resolve("elasticsearch"));
    }

    /** A stack in an emptied work directory: no data or broker state from an earlier run. */
    public static Stack fresh(Path workDirectory) throws IOException {
        deleteWorkDirectory(workDirectory);
        return new Stack(workDirectory);
    }

    /** Deletes a work directory and everything below it; only while no backend uses it. */
    public static void deleteWorkDirectory(Path workDirectory) throws IOException {
        if (Files.exists(workDirectory)) {
            try (Stream<Path> paths = Files.walk(workDirectory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    /** Starts all four in parallel; if one fails, stops the others and rethrows. */
    public void start() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(backends().size());
        try {
            List<Future<?>> starts = new ArrayList<>();
            for (Backend backend : backends()) {
                starts.add(executor.submit(() -> {
                    backend.start();
                    System.out.printf("[testbed] %s ready at %s in %.1f s%n", backend.name(), backend.url(),
                        backend.lastStartTime().toMillis() / 1000.0);
                    return null;
                }));
            }
            for (Future<?> start : starts) {
                start.get();
            }
        } catch (ExecutionException | InterruptedException | RuntimeException e) {
            // Interrupt the starts still running, wait for them, then stop whatever came up.
            executor.shutdownNow();
            executor.awaitTermination(2, TimeUnit.MINUTES);
            stopAll();
            throw e instanceof ExecutionException && e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            executor.shutdownNow();
        }
    }

    /** Stops every backend that runs, in parallel. */
    public void stopAll() {
        backends().parallelStream().forEach(backend -> {
            try {
                backend.stop();
            } catch (RuntimeException e) {
                System.err.println("[testbed] stopping " + backend.name() + " failed: " + e);
                backend.kill();
            }
        });
    }

    @Override
    public void close() {
        stopAll();
    }

    /** DATABASE_URL, REDIS_URL, KAFKA_BOOTSTRAP_SERVERS and ELASTICSEARCH_URL for the sample service. */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        backends().forEach(backend -> env.put(backend.envName(), backend.url()));
        return env;
    }

    public List<Backend> backends() {
        return List.of(postgres, redis, kafka, elasticsearch);
    }

    public PostgresBackend postgres() {
        return postgres;
    }

    public RedisBackend redis() {
        return redis;
    }

    public KafkaBackend kafka() {
        return kafka;
    }

    public ElasticsearchBackend elasticsearch() {
        return elasticsearch;
    }
}
