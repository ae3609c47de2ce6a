package io.bulwark.core.breaker;

import io.bulwark.bootstrap.DownstreamCall;
import io.bulwark.core.Clock;
import io.bulwark.core.config.CircuitBreakerConfig;
import io.bulwark.core.config.ConfigLoader;
import io.bulwark.shaded.io.micrometer.prometheusmetrics.PrometheusConfig;
import io.bulwark.shaded.io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The path every protected downstream call takes through a closed breaker: ask for a permit, time the call, record a
 * success. {@code bulwark}: the agent's breaker with its default policy (consecutive failures); {@code bulwarkWindow}:
 * with a failure-rate threshold over a 100-call window, the policy Resilience4j applies by default; both against
 * Resilience4j's default count-based breaker (window 100). {@code bulwarkWithMeters} is what the agent really does
 * per call: the same permit and record plus {@code external_service_calls_total} and the
 * {@code external_service_duration_seconds} histogram (Resilience4j records no metrics here).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CircuitBreakerBenchmark {

    private static final String CONSECUTIVE = """
        circuit_breakers:
          failure_threshold: 5
        """;
    private static final String WINDOW = """
        circuit_breakers:
          failure_threshold: 5
          failure_rate_threshold: 50
          sliding_window_size: 100
          minimum_calls: 100
        """;

    private CircuitBreaker bulwark;
    private CircuitBreaker bulwarkWindow;
    private CircuitBreakers bulwarkEngine;
    private io.github.resilience4j.circuitbreaker.CircuitBreaker resilience4j;

    @Setup
    public void setUp() throws Exception {
        bulwark = breaker(CONSECUTIVE);
        bulwarkWindow = breaker(WINDOW);
        bulwarkEngine = new CircuitBreakers(config(CONSECUTIVE), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0), Clock.SYSTEM);
        resilience4j = io.github.resilience4j.circuitbreaker.CircuitBreaker.of("redis",
            io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                .slidingWindowType(SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(100)
                .minimumNumberOfCalls(100)
                .failureRateThreshold(50)
                .build());
    }

    private static CircuitBreakerConfig config(String yaml) throws Exception {
        return ConfigLoader.parse(yaml, "CircuitBreakerBenchmark").circuitBreakers();
    }

    private static CircuitBreaker breaker(String yaml) throws Exception {
        return new CircuitBreaker("redis", BreakerSettings.of(config(yaml), "redis"), Clock.SYSTEM);
    }

    @Benchmark
    public boolean bulwark() {
        return permitAndRecord(bulwark);
    }

    @Benchmark
    @Threads(4)
    public boolean bulwarkContended() {
        return permitAndRecord(bulwark);
    }

    @Benchmark
    public boolean bulwarkWindow() {
        return permitAndRecord(bulwarkWindow);
    }

    @Benchmark
    @Threads(4)
    public boolean bulwarkWindowContended() {
        return permitAndRecord(bulwarkWindow);
    }

    @Benchmark
    public boolean bulwarkWithMeters() {
        DownstreamCall call = bulwarkEngine.start("redis", "GET");
        call.success();
        return call.permitted();
    }

    @Benchmark
    public boolean resilience4j() {
        return permitAndRecord(resilience4j);
    }

    @Benchmark
    @Threads(4)
    public boolean resilience4jContended() {
        return permitAndRecord(resilience4j);
    }

    private static boolean permitAndRecord(CircuitBreaker breaker) {
        long start = System.nanoTime();
        CircuitBreaker.Phase phase = breaker.acquire();
        if (phase == null) {
            return false;
        }
        breaker.onSuccess(phase, System.nanoTime() - start);
        return true;
    }

    private static boolean permitAndRecord(io.github.resilience4j.circuitbreaker.CircuitBreaker breaker) {
        long start = breaker.getCurrentTimestamp();
        if (!breaker.tryAcquirePermission()) {
            return false;
        }
        breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
        return true;
    }
}
