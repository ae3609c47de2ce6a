package io.bulwark.it;

import io.bulwark.testbed.JavaProcess;
import io.bulwark.testbed.Jdks;
import io.bulwark.testbed.Ports;
import io.bulwark.testbed.Project;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inbound pipeline on servlet containers, through the real agent jar and unmodified applications: embedded
 * Tomcat 11 (jakarta.servlet) and Tomcat 9 (javax.servlet), each serving a web application whose filter and servlets
 * are loaded by Tomcat's web-app class loader, and Undertow's servlet container, where Undertow core already handles
 * the request and the servlet layer must not handle it a second time.
 */
class ServletContainerIT {

    private static final String CONFIG = """
        routes: [/hello]
        rate_limit:
          default_limit: 1000
          window: 60s
          routes:
            - {path: /limited, limit: 2, window: 60s}
        cors:
          enabled: true
          allowed_origins: [http://localhost:3000]
        timeouts:
          routes:
            - {path: /sleep, timeout: 1s}
        """;

    private static final String HELLO_SERIES = "http_requests_total{endpoint=\"/hello\",method=\"GET\",status=\"200\"}";

    private static Path config() throws IOException {
        return AgentedProcess.writeConfig("servlet-config", CONFIG);
    }

    /** A test application module's launcher: its runtime class path plus its own jar. */
    private static JavaProcess.Builder launcher(String module, String mainClass) throws IOException {
        Project project = Project.locate();
        Path target = project.resolve("integration-tests/" + module + "/target");
        Path jar;
        try (Stream<Path> files = Files.list(target)) {
            jar = files.filter(f -> f.getFileName().toString().startsWith("bulwark-" + module)
                && f.getFileName().toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        String classpath = Files.readString(target.resolve("runtime.classpath")).trim() + File.pathSeparator + jar;
        return JavaProcess.builder(module)
            .jdk(Jdks.jdk25().orElseThrow())
            .workingDirectory(AgentedProcess.workDirectory(module))
            .javaAgent(project.agentJar(), config())
            .mainClass(classpath, mainClass);
    }

    private static AgentedProcess start(JavaProcess.Builder builder, String... args) throws Exception {
        int port = Ports.freePort();
        int agentPort = Ports.freePort();
        String[] all = Stream.concat(Stream.of(Integer.toString(port)), Stream.of(args)).toArray(String[]::new);
        return AgentedProcess.started(builder.args(all).env("BULWARK_AGENT_PORT", Integer.toString(agentPort)),
            port, agentPort, "/ready");
    }

    /** Whether the application logged anything while handling the request with this ID. */
    private static boolean applicationLogged(AgentedProcess app, String requestId) {
        return app.process.lines().stream().anyMatch(line -> line.contains("request_id=" + requestId + " "));
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class TomcatScenarios {

        private AgentedProcess app;

        abstract String module();

        /** Prefix of this container's request IDs, so that log lines of one test cannot satisfy another. */
        abstract String ids();

        @BeforeAll
        void startTomcat() throws Exception {
            Path webapp = Project.locate().resolve("integration-tests/" + module() + "/target/webapp");
            app = start(launcher(module(), "io.bulwark.it.servlet.ServletApp"), webapp.toString());
        }

        @AfterAll
        void stopTomcat() {
            if (app != null) {
                app.close();
            }
        }

        @Test
        void requestIdsReachTheResponseTheAccessLogAndTheApplicationsOwnLog() throws Exception {
            String kept = ids() + "-kept";
            HttpResponse<String> response = app.get("/hello", "X-Request-ID", kept);
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().startsWith("hello from ParallelWebappClassLoader"),
                "the servlet lives in the web-app class loader: " + response.body());
            assertEquals(kept, response.headers().firstValue("X-Request-ID").orElseThrow());
            assertTrue(response.headers().firstValue("X-Process-Time").orElseThrow().matches("\\d+\\.\\d{6}"),
                response.headers().toString());
            String access = app.awaitAccessLog(kept);
            assertEquals("200", AgentedProcess.jsonField(access, "status"));
            assertEquals("/hello", AgentedProcess.jsonField(access, "endpoint"));
            app.process.awaitLogLine(line -> line.contains("application handles GET /hello")
                && line.contains("request_id=" + kept + " "), Duration.ofSeconds(5));
            app.process.awaitLogLine(line -> line.contains("hello servlet ran")
                && line.contains("request_id=" + kept + " "), Duration.ofSeconds(5));

            HttpResponse<String> anonymous = app.get("/hello");
            String generated = anonymous.headers().firstValue("X-Request-ID").orElseThrow();
            assertFalse(generated.isBlank());
            assertNotEquals(kept, generated);
            assertEquals("200", AgentedProcess.jsonField(app.awaitAccessLog(generated), "status"));
            app.process.awaitLogLine(line -> line.contains("hello servlet ran")
                && line.contains("request_id=" + generated + " "), Duration.ofSeconds(5));
        }

        @Test
        void eachRequestIsCountedOnceThoughItPassesAFilterAndAServlet() throws Exception {
            double before = AgentedProcess.sample(app.metrics(), HELLO_SERIES);
            for (int i = 0; i < 3; i++) {
                assertEquals(200, app.get("/hello", "X-Request-ID", ids() + "-count-" + i).statusCode());
            }
            String metrics = app.metrics();
            assertEquals(before + 3, AgentedProcess.sample(metrics, HELLO_SERIES), metrics);
            assertEquals(0.0, AgentedProcess.sample(metrics, "bulwark_agent_errors_total"), metrics);
        }

        @Test
        void anAsynchronousRequestIsCompletedWhenTheContainerFinishesIt() throws Exception {
            String series = "http_requests_total{endpoint=\"/async\",method=\"GET\",status=\"200\"}";
            double before = AgentedProcess.sample(app.metrics(), series);
            String id = ids() + "-async";
            HttpResponse<String> response = app.get("/async", "X-Request-ID", id);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("answered asynchronously", response.body().trim());
            assertEquals(id, response.headers().firstValue("X-Request-ID").orElseThrow());
            assertTrue(response.headers().firstValue("X-Process-Time").isPresent(), response.headers().toString());
            String access = app.awaitAccessLog(id);
            assertEquals("200", AgentedProcess.jsonField(access, "status"));
            assertTrue(Double.parseDouble(AgentedProcess.jsonField(access, "duration_seconds")) >= 0.1,
                "measured until the asynchronous answer, not until the servlet returned: " + access);
            assertEquals(before + 1, AgentedProcess.sample(app.metrics(), series));
        }

        @Test
        void aBurstIsAnswered429AndNeitherFilterNorServletRuns() throws Exception {
            String rejectedId = ids() + "-rejected";
            try (RawHttp client = new RawHttp(app.port)) {
                long now = System.currentTimeMillis() / 1000;
                for (int i = 0; i < 2; i++) {
                    client.send("GET", "/limited", "X-Request-ID", ids() + "-burst-" + i);
                    RawHttp.Response ok = client.read();
                    assertEquals(200, ok.status(), ok.toString());
                    assertEquals("2", ok.headers().get("X-RateLimit-Limit"));
                    assertEquals(Integer.toString(1 - i), ok.headers().get("X-RateLimit-Remaining"));
                }
                client.send("GET", "/limited", "X-Request-ID", rejectedId, "Origin", "http://localhost:3000");
                RawHttp.Response rejected = client.read();
                assertEquals(429, rejected.status(), rejected.toString());
                assertEquals("2", rejected.headers().get("X-RateLimit-Limit"));
                assertEquals("0", rejected.headers().get("X-RateLimit-Remaining"));
                long reset = Long.parseLong(rejected.headers().get("X-RateLimit-Reset"));
                // 2 per 60 s: the bucket is full again 60 s after the first of the two tokens was taken
                assertTrue(reset >= now + 58 && reset <= now + 62, "reset " + reset + ", now " + now);
                int retryAfter = Integer.parseInt(rejected.headers().get("Retry-After"));
                assertTrue(retryAfter >= 25 && retryAfter <= 30, "Retry-After " + retryAfter);
                assertEquals("rate_limit_exceeded", AgentedProcess.jsonField(rejected.body(), "error"));
                assertEquals(rejectedId, rejected.headers().get("X-Request-ID"));
                assertEquals("http://localhost:3000", rejected.headers().get("Access-Control-Allow-Origin"));
            }
            assertEquals("429", AgentedProcess.jsonField(app.awaitAccessLog(rejectedId), "status"));
            assertTrue(applicationLogged(app, ids() + "-burst-1"), "the allowed requests reached the application");
            assertFalse(applicationLogged(app, rejectedId), "neither the filter nor the servlet may run for a 429");
            assertEquals(1.0, AgentedProcess.sample(app.metrics(),
                "http_requests_total{endpoint=\"/limited\",method=\"GET\",status=\"429\"}"));
        }

        @Test
        void corsPreflightsAreAnsweredByTheAgent() throws Exception {
            String allowedId = ids() + "-preflight";
            HttpResponse<String> allowed = AgentedProcess.send(HttpRequest.newBuilder(app.url("/hello"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "GET")
                .header("X-Request-ID", allowedId).build());
            assertEquals(204, allowed.statusCode(), allowed.body());
            assertEquals("http://localhost:3000", allowed.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
            assertTrue(allowed.headers().firstValue("Access-Control-Allow-Methods").orElseThrow().contains("GET"));

            String refusedId = ids() + "-preflight-refused";
            HttpResponse<String> refused = AgentedProcess.send(HttpRequest.newBuilder(app.url("/hello"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://evil.example").header("Access-Control-Request-Method", "GET")
                .header("X-Request-ID", refusedId).build());
            assertEquals(403, refused.statusCode(), refused.body());
            assertTrue(refused.headers().firstValue("Access-Control-Allow-Origin").isEmpty());

            app.awaitAccessLog(refusedId);
            assertFalse(applicationLogged(app, allowedId), "the application never sees an answered preflight");
            assertFalse(applicationLogged(app, refusedId), "the application never sees an answered preflight");
        }

        @Test
        void aBlockedServletGetsA504InTimeAndIsInterrupted() throws Exception {
            String id = ids() + "-timeout";
            String answered = "http_request_timeouts_total{endpoint=\"/sleep\",result=\"answered_504\"}";
            double before = AgentedProcess.sample(app.metrics(), answered);
            long start = System.nanoTime();
            HttpResponse<String> response = app.get("/sleep?ms=30000", "X-Request-ID", id);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(504, response.statusCode(), response.body());
            assertTrue(seconds >= 0.9 && seconds < 5, "504 after " + seconds + " s, budget 1 s");
            assertEquals("gateway_timeout", AgentedProcess.jsonField(response.body(), "error"));
            assertEquals(id, response.headers().firstValue("X-Request-ID").orElseThrow());
            assertEquals("504", AgentedProcess.jsonField(app.awaitAccessLog(id), "status"));
            app.process.awaitLogLine(line -> line.contains("sleep interrupted") && line.contains("request_id=" + id + " "),
                Duration.ofSeconds(5));
            assertEquals(before + 1, AgentedProcess.sample(app.metrics(), answered));
        }

        @Test
        void lateWritesOfAServletIgnoringInterruptsGoNowhere() throws Exception {
            String id = ids() + "-late";
            try (RawHttp connection = new RawHttp(app.port)) {
                long start = System.nanoTime();
                connection.send("GET", "/sleep?ms=4000&stubborn=true", "X-Request-ID", id);
                RawHttp.Response timeout = connection.read();
                double seconds = (System.nanoTime() - start) / 1e9;
                assertEquals(504, timeout.status(), timeout.toString());
                assertTrue(seconds < 3.9, "the 504 came before the servlet finished: " + seconds + " s");
                assertEquals(id, AgentedProcess.jsonField(timeout.body(), "request_id"));
                assertEquals("close", timeout.headers().get("Connection"),
                    "the servlet still holds the connection's thread: the client is told to open another");

                // the servlet wakes up and writes its own answer, which must go nowhere
                app.process.awaitLogLine(line -> line.contains("slept 4000 ms") && line.contains("request_id=" + id + " "),
                    Duration.ofSeconds(10));
                Thread.sleep(300);
                assertEquals(0, connection.available(), "no stray bytes after the 504");
            }
            HttpResponse<String> next = app.get("/hello", "X-Request-ID", id + "-next");
            assertEquals(200, next.statusCode());
            assertFalse(app.process.lines().stream().anyMatch(line -> line.contains("IllegalStateException")),
                "the late servlet must not fail on the response the agent took over");
        }
    }

    @Nested
    class Tomcat11WebappLoader extends TomcatScenarios {
        @Override
        String module() {
            return "servlet-app-jakarta";
        }

        @Override
        String ids() {
            return "tomcat11";
        }
    }

    @Nested
    class Tomcat9WebappLoader extends TomcatScenarios {
        @Override
        String module() {
            return "servlet-app-javax";
        }

        @Override
        String ids() {
            return "tomcat9";
        }
    }

    @Test
    void servletsOnUndertowCoreAreHandledOnce() throws Exception {
        try (AgentedProcess app = start(launcher("servlet-app-undertow", "io.bulwark.it.servlet.undertow.UndertowServletApp"))) {
            double before = AgentedProcess.sample(app.metrics(), HELLO_SERIES);
            HttpResponse<String> response = app.get("/hello", "X-Request-ID", "undertow-once");
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("undertow-once", response.headers().firstValue("X-Request-ID").orElseThrow());
            assertTrue(response.headers().firstValue("X-Process-Time").isPresent());
            app.awaitAccessLog("undertow-once");
            app.process.awaitLogLine(line -> line.contains("hello servlet ran")
                && line.contains("request_id=undertow-once "), Duration.ofSeconds(5));
            assertEquals(before + 1, AgentedProcess.sample(app.metrics(), HELLO_SERIES), "counted once");
            Thread.sleep(500); // a second access-log line, if any, would be written by now
            assertEquals(1, app.accessLogLines().stream().filter(line -> line.contains("\"undertow-once\"")).count());
            assertEquals(0.0, AgentedProcess.sample(app.metrics(), "bulwark_agent_errors_total"));
        }
    }
}
