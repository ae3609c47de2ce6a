package io.bulwark.it;

import io.bulwark.testbed.Jdks;
import io.bulwark.testbed.Project;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Request timeouts through the agent (REQUEST_TIMEOUT=1): the 504 arrives although the handler blocks, the handler
 * is interrupted, a handler that ignores the interrupt and writes late corrupts neither the 504 nor the next request
 * on the same keep-alive connection.
 */
class TimeoutIT {

    private static AgentedProcess service;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = new HashMap<>(SharedStack.get().env());
        env.put("REQUEST_TIMEOUT", "1");
        service = AgentedProcess.sampleService("timeouts", Jdks.jdk25().orElseThrow(), Project.locate().agentConfig(), env);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aBlockedHandlerGetsA504InTimeAndIsInterrupted() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = service.get("/api/v1/debug/sleep?seconds=30", "X-Request-ID", "it-timeout-1");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(504, response.statusCode(), response.body());
        assertTrue(seconds >= 0.9 && seconds < 5, "504 after " + seconds + " s, budget 1 s");
        assertEquals("gateway_timeout", AgentedProcess.jsonField(response.body(), "error"));
        assertEquals("it-timeout-1", response.headers().firstValue("X-Request-ID").orElseThrow());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertEquals("504", AgentedProcess.jsonField(service.awaitAccessLog("it-timeout-1"), "status"));
        String interrupted = service.process.awaitLogLine(line -> line.contains("Sleep interrupted"), Duration.ofSeconds(5));
        assertTrue(interrupted.contains("request_id=it-timeout-1"), interrupted);
        assertTrue(AgentedProcess.sample(service.metrics(),
            "http_request_timeouts_total{endpoint=\"/api/v1/debug/sleep\",result=\"answered_504\"}") >= 1);
        assertTrue(AgentedProcess.sample(service.metrics(),
            "http_requests_total{endpoint=\"/api/v1/debug/sleep\",method=\"GET\",status=\"504\"}") >= 1);
    }

    @Test
    void lateWritesOfAHandlerIgnoringInterruptsNeverReachTheConnection() throws Exception {
        try (RawHttp connection = new RawHttp(service.port)) {
            long start = System.nanoTime();
            connection.send("GET", "/api/v1/debug/sleep?seconds=2&ignore_interrupts=true", "X-Request-ID", "it-late-1");
            RawHttp.Response timeout = connection.read();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(504, timeout.status(), timeout.toString());
            assertTrue(seconds < 1.9, "the 504 came before the handler finished: " + seconds + " s");
            assertEquals("it-late-1", AgentedProcess.jsonField(timeout.body(), "request_id"));

            // the handler now wakes up and writes its 200 answer; it must go nowhere
            service.process.awaitLogLine(line -> line.contains("ignoring interrupts; answering now")
                && line.contains("request_id=it-late-1"), Duration.ofSeconds(10));
            Thread.sleep(300);
            assertEquals(0, connection.available(), "no stray bytes on the connection after the 504");

            connection.send("GET", "/api/v1/health", "X-Request-ID", "it-late-2");
            RawHttp.Response next = connection.read();
            assertEquals(200, next.status(), next.toString());
            assertEquals("it-late-2", next.headers().get("X-Request-ID"));
            assertTrue(next.body().startsWith("{\"status\""), next.body());
        }
    }
}
