package io.bulwark.it;

import io.bulwark.testbed.JavaProcess;
import io.bulwark.testbed.Jdks;
import io.bulwark.testbed.Ports;
import io.bulwark.testbed.Project;
import io.bulwark.testbed.RedisBackend;
import io.bulwark.testbed.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The redis breaker around lettuce's async and reactive APIs and batch dispatch (a tiny application,
 * LettuceClientApp), with lettuce on the system class path or in a child class loader: WRONGTYPE replies leave the
 * breaker closed; with Redis killed it opens, and while open every call fails at once with lettuce's
 * RedisConnectionException (a failed future, an error signal); after the restart it closes and all work again.
 */
class LettuceApisBreakerIT {

    private static Path work;
    private static RedisBackend redis;

    @BeforeAll
    static void startRedis() throws Exception {
        work = Project.locate().resolve("integration-tests/tests/target/breaker-lettuce-apis");
        Stack.deleteWorkDirectory(work);
        redis = new RedisBackend(work.resolve("redis"));
        redis.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"system-loader", "--child-loader"})
    void asyncAndReactiveCallsAreProtected(String mode) throws Exception {
        try (AgentedProcess app = start(mode)) {
            assertEquals("value:OK", call(app, "/async/set"));
            assertEquals("value:value", call(app, "/async/get"));
            assertEquals("value:value", call(app, "/reactive/get"));
            assertEquals("value:value,value", call(app, "/batch/get"));
            assertEquals(5, BreakerMetrics.calls(app, "redis", "command", "success"));

            for (int i = 0; i < 4; i++) {
                assertTrue(call(app, "/async/wrongtype").startsWith("error:io.lettuce.core.RedisCommandExecutionException:WRONGTYPE"));
                assertTrue(call(app, "/reactive/wrongtype").startsWith("error:io.lettuce.core.RedisCommandExecutionException:WRONGTYPE"));
            }
            assertEquals("closed", BreakerMetrics.state(app, "redis"), "the caller's bug is not an outage");
            assertEquals(8, BreakerMetrics.calls(app, "redis", "command", "ignored_error"));

            redis.kill();
            BreakerMetrics.trafficUntil(app, "redis", "open", Duration.ofSeconds(30), () -> call(app, "/async/get"));
            for (String path : new String[] {"/async/get", "/reactive/get", "/batch/get"}) {
                long start = System.nanoTime();
                String failed = call(app, path);
                double seconds = (System.nanoTime() - start) / 1e9;
                assertEquals("open", BreakerMetrics.state(app, "redis"), "still open after " + path);
                assertEquals("error:io.lettuce.core.RedisConnectionException:"
                    + "Redis command not sent: the circuit breaker for redis is open", failed, path);
                assertTrue(seconds < 0.5, path + " failed after " + seconds + " s, not at once");
            }
            assertTrue(BreakerMetrics.calls(app, "redis", "command", "rejected") >= 4);

            redis.start();
            BreakerMetrics.trafficUntil(app, "redis", "closed", Duration.ofSeconds(60), () -> {
                call(app, "/async/set");
                call(app, "/reactive/get");
            });
            assertEquals("value:OK", call(app, "/async/set"), "data is gone with the killed server; written again");
            assertEquals("value:value", call(app, "/async/get"));
            assertEquals("value:value", call(app, "/reactive/get"));
            assertEquals("value:value,value", call(app, "/batch/get"));
            assertEquals(0, AgentedProcess.sample(app.metrics(), "bulwark_agent_errors_total"));
        }
    }

    private static AgentedProcess start(String mode) throws Exception {
        Project project = Project.locate();
        int port = Ports.freePort();
        int agentPort = Ports.freePort();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavaProcess.Builder builder = JavaProcess.builder("lettuce-apis" + mode)
            .jdk(Jdks.jdk25().orElseThrow())
            .javaAgent(project.agentJar(), BreakerMetrics.writeConfig(work))
            .mainClass(classpath, "io.bulwark.it.apps.LettuceClientApp")
            .args(Integer.toString(port), redis.url(), mode)
            .env("BULWARK_AGENT_PORT", Integer.toString(agentPort))
            .workingDirectory(work);
        AgentedProcess app = AgentedProcess.started(builder, port, agentPort, "/ready");
        String loader = app.get("/ready").body();
        assertEquals(mode.equals("--child-loader") ? "value:lettuce-child" : "value:app", loader);
        return app;
    }

    private static String call(AgentedProcess app, String path) throws Exception {
        return app.get(path).body();
    }
}
