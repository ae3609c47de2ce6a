package io.bulwark.it;

import io.bulwark.testbed.Jdks;
import io.bulwark.testbed.Project;
import io.bulwark.testbed.Stack;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the downstream breaker tests share: their own backends (they kill servers, so never the shared ones), the
 * sample service with the agent and small breaker settings, a logged-in user, and reading the breaker back from
 * /metrics and /health.
 */
final class BreakerScenario implements AutoCloseable {

    static final int FAILURE_THRESHOLD = 3;
    /** Long enough to look at an open breaker after seeing it open, short enough to recover quickly. */
    static final Duration OPEN_TIMEOUT = Duration.ofSeconds(5);

    final Stack stack;
    final AgentedProcess service;
    final String token;

    private BreakerScenario(Stack stack, AgentedProcess service, String token) {
        this.stack = stack;
        this.service = service;
        this.token = token;
    }

    /** With the breaker settings and, appended to the agent's configuration, {@code moreConfig}. */
    static BreakerScenario start(String name, String moreConfig) throws Exception {
        return start(name, stack -> moreConfig);
    }

    /** As {@link #start(String, String)}, with configuration that names the started backends (their ports). */
    static BreakerScenario start(String name, Function<Stack, String> moreConfig) throws Exception {
        Stack stack = Stack.fresh(Project.locate().resolve("integration-tests/tests/target/backends/" + name + "-"
            + ProcessHandle.current().pid()));
        AgentedProcess service = null;
        try {
            stack.start();
            Path config = AgentedProcess.writeConfig(name + "-config", """
                circuit_breakers:
                  failure_threshold: %d
                  open_timeout: %ds
                """.formatted(FAILURE_THRESHOLD, OPEN_TIMEOUT.toSeconds()) + moreConfig.apply(stack));
            Map<String, String> env = new HashMap<>(stack.env());
            env.put("JWT_SECRET", "breaker-it-secret");
            service = AgentedProcess.sampleService(name, Jdks.jdk25().orElseThrow(), config, env);
            HttpResponse<String> login = service.postJson("/api/v1/auth/token",
                "{\"username\":\"demo\",\"password\":\"demo\"}");
            assertEquals(200, login.statusCode(), login.body());
            return new BreakerScenario(stack, service, AgentedProcess.jsonField(login.body(), "access_token"));
        } catch (Exception | Error e) {
            if (service != null) {
                service.close();
            }
            stack.close();
            throw e;
        }
    }

    HttpResponse<String> createTransaction(String product, String requestId) throws Exception {
        return service.postJson("/api/v1/transactions",
            "{\"amount\": 10.5, \"currency\": \"EUR\", \"type\": \"payment\", \"product\": \"" + product + "\"}",
            "Authorization", "Bearer " + token, "X-Request-ID", requestId);
    }

    HttpResponse<String> getTransaction(String id) throws Exception {
        return service.get("/api/v1/transactions/" + id, "Authorization", "Bearer " + token);
    }

    /** 1 when the service's breaker is in this state (closed, open, half_open). */
    double breakerState(String service, String state) throws Exception {
        return BreakerMetrics.state(this.service, service).equals(state) ? 1 : 0;
    }

    double calls(String service, String operation, String status) throws Exception {
        return BreakerMetrics.calls(this.service, service, operation, status);
    }

    HttpResponse<String> health() throws Exception {
        return AgentedProcess.send(HttpRequest.newBuilder(service.agentUrl("/health")).build());
    }

    /** The entry of one service in the /health body, e.g. {"status":"healthy","circuit_breaker":"closed",...}. */
    static String healthEntry(String body, String service) {
        int start = body.indexOf("\"" + service + "\":{");
        if (start < 0) {
            throw new AssertionError("no " + service + " in " + body);
        }
        return body.substring(start + service.length() + 3, body.indexOf('}', start) + 1);
    }

    /** Sends traffic until the breaker reaches the state; returns how many requests that took. */
    int trafficUntil(String service, String state, Duration timeout, Traffic traffic) throws Exception {
        int[] requests = {0};
        BreakerMetrics.trafficUntil(this.service, service, state, timeout, () -> traffic.send(requests[0]++));
        return requests[0];
    }

    /** The breaker's transitions, as the agent logs them once each. */
    String awaitTransition(String service, String transition) throws InterruptedException {
        return this.service.process.awaitLogLine(
            line -> line.contains("circuit breaker " + service + ": " + transition), Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        service.close();
        stack.close();
    }

    @FunctionalInterface
    interface Traffic {
        void send(int index) throws Exception;
    }
}
