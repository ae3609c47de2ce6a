package io.bulwark.it;

import io.bulwark.testbed.JavaProcess;
import io.bulwark.testbed.Jdks;
import io.bulwark.testbed.Project;
import io.bulwark.testbed.RedisBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two sample-service JVMs with the agent share rate limits through one real Redis of this test's own (it is killed
 * and restarted here), with rate_limit.backend: redis and on_failure: local.
 */
class SharedRateLimitIT {

    private static RedisBackend redis;
    private static AgentedProcess first;
    private static AgentedProcess second;

    @BeforeAll
    static void start() throws Exception {
        redis = new RedisBackend(Project.locate().resolve("integration-tests/tests/target/work/shared-rate-limit-redis"));
        redis.start();
        Path config = AgentedProcess.writeConfig("shared-ratelimit-config", """
            rate_limit:
              default_limit: 100000
              window: 60s
              backend: redis
              redis:
                timeout: 200ms
                on_failure: local
                breaker: {failure_threshold: 3, open_timeout: 1s}
              routes:
                - {path: /shared/burst, limit: 20}
                - {path: /shared/resumed, limit: 5}
                - {path: /shared/flushed, limit: 3}
            """);
        Map<String, String> env = new HashMap<>(SharedStack.get().env());
        env.put("RATE_LIMIT_REDIS_URL", redis.url());
        first = AgentedProcess.sampleService("shared-limit-1", Jdks.jdk25().orElseThrow(), config, env);
        second = AgentedProcess.sampleService("shared-limit-2", Jdks.jdk25().orElseThrow(), config, env);
        awaitMode(first, "redis");
        awaitMode(second, "redis");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {first, second}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // the next one still has to stop
            }
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void aBurstOnBothInstancesIsLimitedOnceNotOncePerInstance() throws Exception {
        long start = System.nanoTime();
        Map<Integer, Integer> statuses = burst("/shared/burst", 30);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        int admitted = statuses.getOrDefault(404, 0); // the application answers unknown paths with 404
        int rejected = statuses.getOrDefault(429, 0);
        assertEquals(60, admitted + rejected, statuses.toString());
        // 20 per minute: one token back every 3 s, so a burst of t ms may see t / 3000 more
        assertTrue(admitted >= 20 && admitted <= 20 + elapsedMillis / 3_000 + 1,
            admitted + " admitted in " + elapsedMillis + " ms: " + statuses);
        assertTrue(admitted < 40, "each instance alone would have admitted 20");
        HttpResponse<String> response = first.get("/shared/burst");
        assertEquals(429, response.statusCode());
        assertEquals("20", response.headers().firstValue("X-RateLimit-Limit").orElseThrow());
        assertEquals("0", response.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
    }

    @Test
    void redisKilledMidTrafficThenBackFallsBackToLocalAndResumesSharing() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        ExecutorService traffic = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> senders = new ArrayList<>();
            for (AgentedProcess service : List.of(first, second)) {
                senders.add(traffic.submit(() -> {
                    while (running.get()) {
                        statuses.merge(service.get("/shared/outage").statusCode(), 1, Integer::sum);
                    }
                    return null;
                }));
            }
            Thread.sleep(500);
            redis.kill();
            awaitMode(first, "local");
            awaitMode(second, "local");
            assertOutageShown();
            redis.start(); // an empty Redis: no buckets, no scripts
            awaitMode(first, "redis");
            awaitMode(second, "redis");
            Thread.sleep(500);
            running.set(false);
            for (Future<?> sender : senders) {
                sender.get();
            }
        } finally {
            running.set(false);
            traffic.shutdownNow();
        }
        assertEquals(Set.of(404), statuses.keySet(), "every request answered by the application, none failed or"
            + " limited, through the outage and the restart: " + statuses);
        Map<Integer, Integer> resumed = burst("/shared/resumed", 10);
        assertEquals(5, resumed.getOrDefault(404, 0), "shared again: 5 in total, not 5 per instance: " + resumed);
        assertTrue(first.process.lines().stream().anyMatch(line -> line.contains("rate_limit: reconnected to Redis")));
    }

    private static void assertOutageShown() throws Exception {
        HttpResponse<String> health = AgentedProcess.send(HttpRequest.newBuilder(
            first.agentUrl("/health")).build());
        assertEquals(200, health.statusCode(), "degraded, never unhealthy: " + health.body());
        assertTrue(health.body().startsWith("{\"status\":\"degraded\",\"rate_limit_backend\":{\"backend\":\"redis\","
            + "\"mode\":\"local\",\"status\":\"degraded\"}"), health.body());
        String metrics = first.metrics();
        assertEquals(1.0, AgentedProcess.sample(metrics, "rate_limit_backend_mode{backend=\"redis\",mode=\"local\"}"),
            metrics);
        assertEquals(0.0, AgentedProcess.sample(metrics, "rate_limit_backend_mode{backend=\"redis\",mode=\"redis\"}"));
        assertTrue(AgentedProcess.sample(metrics,
            "rate_limit_backend_failures_total{backend=\"redis\",reason=\"disconnected\"}") >= 1, metrics);
        assertTrue(first.process.lines().stream().anyMatch(line -> line.contains("rate_limit: cannot use Redis at "
            + redis.url())), "the outage is logged");
    }

    @Test
    void aJvmWhoseMainReturnsStillExitsWithTheRedisBackend() throws Exception {
        Project project = Project.locate();
        Path app = project.resolve("integration-tests/isolation-app/target");
        String classpath = Files.readString(app.resolve("runtime.classpath")).trim() + File.pathSeparator
            + app.resolve("classes");
        JavaProcess.Builder builder = JavaProcess.builder("short-lived-redis-backend")
            .jdk(Jdks.jdk25().orElseThrow())
            .workingDirectory(AgentedProcess.workDirectory("short-lived"))
            .javaAgent(project.agentJar(), project.agentConfig())
            .mainClass(classpath, "io.bulwark.it.isolation.ShortLivedApp")
            .env("BULWARK_AGENT_PORT", "0")
            .env("RATE_LIMIT_BACKEND", "redis")
            .env("RATE_LIMIT_REDIS_URL", redis.url());
        try (JavaProcess process = builder.start()) {
            OptionalInt exit = process.waitFor(Duration.ofSeconds(30));
            assertTrue(exit.isPresent(), "the agent's Redis threads must not keep the JVM alive: " + process.lines());
            assertEquals(0, exit.getAsInt());
            assertTrue(process.lines().stream().anyMatch(line -> line.contains("rate_limit(redis)")),
                process.lines().toString());
        }
    }

    @Test
    void aScriptFlushIsSurvivedWithoutAFailure() throws Exception {
        double failuresBefore = failures(first);
        assertEquals(404, first.get("/shared/flushed").statusCode());
        assertEquals("OK", redisCommand("SCRIPT", "FLUSH"));
        assertEquals(404, second.get("/shared/flushed").statusCode());
        HttpResponse<String> third = first.get("/shared/flushed");
        assertEquals(404, third.statusCode());
        assertEquals("0", third.headers().firstValue("X-RateLimit-Remaining").orElseThrow(),
            "still the shared bucket");
        assertEquals(429, second.get("/shared/flushed").statusCode());
        assertEquals(failuresBefore, failures(first), "NOSCRIPT reloads the script: no failure");
    }

    @Test
    void aBadRedisUriIsOneClearLineAndTheLocalBackendIsUsed() throws Exception {
        Path config = AgentedProcess.writeConfig("bad-redis-uri-config",
            "rate_limit:\n  routes:\n    - {path: /local/only, limit: 2}\n");
        Map<String, String> env = new HashMap<>(SharedStack.get().env());
        env.put("RATE_LIMIT_BACKEND", "redis");
        env.put("RATE_LIMIT_REDIS_URL", "http://127.0.0.1:6379");
        try (AgentedProcess service = AgentedProcess.sampleService("bad-redis-uri", Jdks.jdk25().orElseThrow(),
            config, env)) {
            List<String> lines = service.process.lines().stream()
                .filter(line -> line.contains("rate_limit.redis.url")).toList();
            assertEquals(List.of("[bulwark] ERROR rate_limit: backend redis is not used, the local backend is (limits"
                + " are per instance): bad rate_limit.redis.url: the scheme must be redis:// or rediss://, got http://"),
                lines);
            assertEquals(404, service.get("/local/only").statusCode());
            assertEquals(404, service.get("/local/only").statusCode());
            assertEquals(429, service.get("/local/only").statusCode(), "limited by the local backend");
            HttpResponse<String> health = AgentedProcess.send(HttpRequest.newBuilder(
                service.agentUrl("/health")).build());
            assertFalse(health.body().contains("rate_limit_backend"), health.body());
        }
    }

    /** {@code perInstance} requests to each instance at once; the statuses counted. */
    private static Map<Integer, Integer> burst(String path, int perInstance) throws Exception {
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (AgentedProcess service : List.of(first, second)) {
                all.add(pool.submit(() -> {
                    for (int i = 0; i < perInstance; i++) {
                        statuses.merge(service.get(path).statusCode(), 1, Integer::sum);
                    }
                    return null;
                }));
            }
            for (Future<?> future : all) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return statuses;
    }

    /** Waits until the agent's /health shows the rate-limit backend in {@code mode}, sending traffic meanwhile. */
    private static void awaitMode(AgentedProcess service, String mode) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = AgentedProcess.send(HttpRequest.newBuilder(service.agentUrl("/health")).build()).body();
            if (body.contains("\"rate_limit_backend\":{\"backend\":\"redis\",\"mode\":\"" + mode + "\"")) {
                return;
            }
            service.get("/shared/probe");
            Thread.sleep(50);
        }
        throw new AssertionError("rate-limit backend never in mode " + mode + ": " + body);
    }

    private static double failures(AgentedProcess service) throws Exception {
        String metrics = service.metrics();
        double sum = 0;
        for (String reason : List.of("timeout", "disconnected", "queue_full", "error", "interrupted")) {
            sum += AgentedProcess.sample(metrics,
                "rate_limit_backend_failures_total{backend=\"redis\",reason=\"" + reason + "\"}");
        }
        return sum;
    }

    /** One command on a plain connection to the test's Redis; the simple-string answer. */
    private static String redisCommand(String... args) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", redis.port())) {
            socket.setSoTimeout(5_000);
            StringBuilder command = new StringBuilder("*" + args.length + "\r\n");
            for (String arg : args) {
                command.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(command.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\r' && c >= 0; c = in.read()) {
                line.append((char) c);
            }
            return line.charAt(0) == '+' ? line.substring(1) : line.toString();
        }
    }
}
