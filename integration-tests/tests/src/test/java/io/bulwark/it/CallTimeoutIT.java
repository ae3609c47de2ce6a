package io.bulwark.it;

import io.bulwark.testbed.JavaProcess;
import io.bulwark.testbed.Jdks;
import io.bulwark.testbed.Ports;
import io.bulwark.testbed.PostgresBackend;
import io.bulwark.testbed.Project;
import io.bulwark.testbed.RedisBackend;
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
 * circuit_breakers.call_timeout (1 s here) as a real bound on calls whose application timeout is 10 s
 * (SlowCallsApp): a lettuce command to a paused (SIGSTOP) Redis fails with lettuce's own
 * RedisCommandTimeoutException after about 1 s, sync and async; a pg_sleep statement whose query timeout the
 * application left at 0 is cancelled by the driver after about 1 s (SQLState 57014), while one with the
 * application's own 10 s query timeout runs to its end. Those slow calls open the breakers through the slow-call
 * rate (consecutive failures are set out of reach).
 */
class CallTimeoutIT {

    private static final String CONFIG = """
        circuit_breakers:
          call_timeout: 1s
          failure_threshold: 100
          open_timeout: 60s
          slow_call_rate_threshold: 50
          slow_call_duration: 800ms
          sliding_window_size: 4
          minimum_calls: 3
        """;

    private static Path work;
    private static RedisBackend redis;
    private static PostgresBackend postgres;
    private static AgentedProcess app;

    @BeforeAll
    static void start() throws Exception {
        work = Project.locate().resolve("integration-tests/tests/target/call-timeout");
        Stack.deleteWorkDirectory(work);
        redis = new RedisBackend(work.resolve("redis"));
        redis.start();
        postgres = new PostgresBackend(work.resolve("postgres"));
        postgres.start();
        Files.createDirectories(work);
        Path config = Files.writeString(work.resolve("agent-config.yaml"), CONFIG);
        int port = Ports.freePort();
        int agentPort = Ports.freePort();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavaProcess.Builder builder = JavaProcess.builder("slow-calls")
            .jdk(Jdks.jdk25().orElseThrow())
            .javaAgent(Project.locate().agentJar(), config)
            .mainClass(classpath, "io.bulwark.it.apps.SlowCallsApp")
            .args(Integer.toString(port), redis.url(), postgres.jdbcUrl())
            .env("BULWARK_AGENT_PORT", Integer.toString(agentPort))
            .workingDirectory(work);
        app = AgentedProcess.started(builder, port, agentPort, "/ready");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (redis != null) {
            redis.resume();
            redis.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Test
    void aLettuceCommandToAPausedServerGetsLettucesTimeoutAtCallTimeout() throws Exception {
        assertEquals("value:null", call("/redis/get"));
        redis.pause();
        try {
            for (String path : new String[] {"/redis/get", "/redis/async-get"}) {
                long start = System.nanoTime();
                String failed = call(path);
                double seconds = (System.nanoTime() - start) / 1e9;
                assertEquals("error:io.lettuce.core.RedisCommandTimeoutException::Command timed out after 1 second(s)",
                    failed, path);
                assertTrue(seconds >= 0.9 && seconds < 3, path + " failed after " + seconds + " s, not about 1 s");
                System.out.printf("%s: lettuce's timeout after %.2f s%n", path, seconds);
            }
            String opened = app.process.awaitLogLine(line -> line.contains("circuit breaker redis: CLOSED -> OPEN"),
                Duration.ofSeconds(5));
            assertTrue(opened.contains("at slow-call rate"), opened);
            long start = System.nanoTime();
            String rejected = call("/redis/get");
            assertTrue(rejected.startsWith("error:io.lettuce.core.RedisConnectionException:"), rejected);
            assertTrue((System.nanoTime() - start) / 1e9 < 0.5, "fails fast while open");
        } finally {
            redis.resume();
        }
        assertTrue(BreakerMetrics.calls(app, "redis", "command", "failure") >= 2);
    }

    @Test
    void aStatementWithoutQueryTimeoutIsCancelledAtCallTimeout() throws Exception {
        long start = System.nanoTime();
        String cancelled = call("/db/sleep?seconds=5");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(cancelled.startsWith("error:org.postgresql.util.PSQLException:57014:"), cancelled);
        assertTrue(seconds >= 0.9 && seconds < 3, "cancelled after " + seconds + " s, not about 1 s");
        System.out.printf("pg_sleep(5): cancelled (57014) after %.2f s%n", seconds);

        String ownTimeout = call("/db/sleep-own-timeout?seconds=1.5");
        assertEquals("value:slept 1.5 s, query timeout 10", ownTimeout, "the application's own timeout is kept");

        String opened = app.process.awaitLogLine(line -> line.contains("circuit breaker database: CLOSED -> OPEN"),
            Duration.ofSeconds(5));
        assertTrue(opened.contains("at slow-call rate"), opened);
        String rejected = call("/db/sleep?seconds=0");
        assertTrue(rejected.startsWith("error:java.sql.SQLTransientConnectionException:08001:"), rejected);
    }

    private static String call(String path) throws Exception {
        return app.get(path).body();
    }
}
