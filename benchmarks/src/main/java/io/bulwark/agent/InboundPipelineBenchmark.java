package io.bulwark.agent;

import io.bulwark.benchmarks.load.Tokens;
import io.bulwark.bootstrap.HttpExchangeView;
import io.bulwark.bootstrap.InboundRequest;
import io.bulwark.core.AgentErrors;
import io.bulwark.core.config.BulwarkConfig;
import io.bulwark.core.config.ConfigLoader;
import io.bulwark.core.http.InboundPipeline;
import io.bulwark.core.http.RouteTemplates;
import io.bulwark.core.identity.UserIdentity;
import io.bulwark.core.metrics.Telemetry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The agent's whole inbound work for one request, as a server instrumentation drives it (begin, beforeCommit,
 * complete), with configuration C of the load benchmark (benchmarks/config/bulwark-no-access-log.yaml: request ID,
 * metrics, timeout, rate limit by JWT user, CORS): {@code GET /api/v1/transactions/42} with a bearer token and no
 * request ID, so one is generated. The exchange is a few fields, so what is measured is the engine, not a server.
 * {@code oneThread} and {@code fourThreads} (contended: the same route, user and meters from four threads).
 * Run from the repository root (it reads the configuration file).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class InboundPipelineBenchmark {

    private static final String SECRET = "bulwark-benchmark-secret";

    @Param("benchmarks/config/bulwark-no-access-log.yaml")
    public String config;

    private InboundPipeline pipeline;
    private AgentErrors errors;
    private String authorization;

    @Setup
    public void setUp() throws Exception {
        BulwarkConfig parsed = ConfigLoader.parse(Files.readString(Path.of(config)), config);
        errors = new AgentErrors();
        Telemetry telemetry = new Telemetry(parsed.metrics().enabled(), false, errors, "benchmark");
        UserIdentity identity = UserIdentity.from(parsed.identity(), Map.of("JWT_SECRET", SECRET)::get,
            () -> System.currentTimeMillis() / 1000);
        // built as the agent builds it
        pipeline = InboundStages.pipeline(parsed, telemetry, new RouteTemplates(parsed.routes()), identity, null,
            new ActivePolicies(), errors);
        authorization = "Bearer " + Tokens.sign(SECRET, "demo", Duration.ofDays(1));
        if (errors.count() > 0) {
            throw new IllegalStateException("the pipeline reported errors while setting up");
        }
    }

    @Benchmark
    public String oneThread() {
        return handle();
    }

    @Benchmark
    @Threads(4)
    public String fourThreads() {
        return handle();
    }

    /** A new exchange per request, as a server has (a few fields: a handful of nanoseconds of the figure). */
    private String handle() {
        Exchange exchange = new Exchange(authorization);
        InboundRequest call = pipeline.begin(exchange);
        pipeline.beforeCommit(call, exchange);
        pipeline.complete(call, exchange);
        if (call.answeredByAgent()) {
            throw new IllegalStateException("the agent answered " + call.agentStatus() + ": limits too low?");
        }
        return exchange.requestId;
    }

    @TearDown
    public void failIfAStageFailed() {
        // a stage that throws is reported and skipped: the figures would be of less work than a request's
        if (errors.count() > 0) {
            throw new IllegalStateException(errors.count() + " errors in the pipeline's stages");
        }
    }

    /** The request as the Undertow instrumentation would present it; of the response headers, keeps the request ID. */
    static final class Exchange implements HttpExchangeView {
        private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 50_000);

        private final String authorization;
        String requestId;

        Exchange(String authorization) {
            this.authorization = authorization;
        }

        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String path() {
            return "/api/v1/transactions/42";
        }

        @Override
        public String query() {
            return null;
        }

        @Override
        public String requestHeader(String name) {
            return name.equalsIgnoreCase("Authorization") ? authorization : null;
        }

        @Override
        public String requestHeaderValues(String name) {
            return requestHeader(name);
        }

        @Override
        public InetSocketAddress peerAddress() {
            return PEER;
        }

        @Override
        public void setResponseHeader(String name, String value) {
            if (name.equals("X-Request-ID")) {
                requestId = value;
            }
        }

        @Override
        public void addResponseHeader(String name, String value) {
        }

        @Override
        public int status() {
            return 200;
        }

        @Override
        public boolean preemptible() {
            return true;
        }

        @Override
        public boolean preempt(int status, String contentType, String body) {
            return false;
        }

        @Override
        public void interruptHandler() {
        }

        @Override
        public String routeTemplate() {
            return "/api/v1/transactions/{id}";
        }

        @Override
        public String authenticatedUser() {
            return null;
        }
    }
}
