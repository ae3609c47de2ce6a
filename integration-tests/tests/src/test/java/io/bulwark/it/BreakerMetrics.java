package io.bulwark.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Reading a service's circuit breaker off the agent's /metrics, and the small breaker config the breaker tests use. */
final class BreakerMetrics {

    /**
     * No rate limit, so steady traffic is never a 429; the first writes against a freshly started stack (index
     * creation, producer metadata) may take long on a busy machine.
     */
    static final String LENIENT_POLICIES = """
        rate_limit:
          enabled: false
        timeouts:
          routes:
            - {path: /api/v1/transactions, methods: [POST], timeout: 60s}
            - {path: /api/v1/transactions, methods: [GET], timeout: 10s}
        """;

    /** The lenient policies, and a breaker that opens after 3 consecutive failures and is half-open 3 s later. */
    static final String CONFIG = LENIENT_POLICIES + """
        circuit_breakers:
          failure_threshold: 3
          open_timeout: 3s
        """;

    private BreakerMetrics() {
    }

    static Path writeConfig(Path directory) throws IOException {
        Files.createDirectories(directory);
        return Files.writeString(directory.resolve("breaker-config.yaml"), CONFIG);
    }

    /** The state whose circuit_breaker_state series is 1, or "none" before the breaker's first call. */
    static String state(AgentedProcess process, String service) throws IOException, InterruptedException {
        String metrics = process.metrics();
        for (String state : new String[] {"closed", "open", "half_open"}) {
            if (AgentedProcess.sample(metrics, "circuit_breaker_state{service=\"" + service + "\",state=\"" + state + "\"}") == 1) {
                return state;
            }
        }
        return "none";
    }

    static double calls(AgentedProcess process, String service, String operation, String status)
        throws IOException, InterruptedException {
        return AgentedProcess.sample(process.metrics(), "external_service_calls_total{operation=\"" + operation
            + "\",service=\"" + service + "\",status=\"" + status + "\"}");
    }

    /** One request of the steady traffic; its answer is checked by the test. */
    interface Traffic {
        void send() throws Exception;
    }

    /** Sends traffic until the breaker is in the state; fails after the timeout. */
    static void trafficUntil(AgentedProcess process, String service, String state, Duration timeout, Traffic traffic)
        throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!state.equals(state(process, service))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("breaker " + service + " not " + state + " after " + timeout + " of traffic; it is "
                    + state(process, service));
            }
            traffic.send();
            Thread.sleep(50);
        }
    }

    /** The agent's log line for one transition, e.g. CLOSED -> OPEN. */
    static String transition(AgentedProcess process, String service, String from, String to) throws InterruptedException {
        return process.process.awaitLogLine(line -> line.contains("circuit breaker " + service + ": " + from + " -> " + to),
            Duration.ofSeconds(5));
    }
}
