package io.bulwark.core.ratelimit;

import io.bulwark.core.Clock;
import io.bulwark.core.config.ConfigException;
import io.bulwark.core.config.ConfigLoader;
import io.bulwark.core.config.BulwarkConfig;
import io.bulwark.shaded.io.micrometer.prometheusmetrics.PrometheusConfig;
import io.bulwark.shaded.io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * One local rate-limit decision that admits the request: the agent's lock-free token bucket against Bucket4j's
 * lock-free bucket and Resilience4j's AtomicRateLimiter, each on one thread and with 4 threads sharing one bucket
 * (every client behind one key: the contended case). Limits are far above what a benchmark can reach, so every
 * call takes the "allowed" path, the one every request of a well-behaved client takes. {@code bulwarkDecision} is
 * the agent's whole per-request decision around the bucket: route match, key (client address), bucket lookup,
 * header values and the decision counter.
 *
 * <p>In this package because the bucket is the engine's internal type; the benchmark calls the agent jar's classes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TokenBucketBenchmark {

    private static final int LIMIT_PER_SECOND = 1_000_000_000;

    private static final String CONFIG = """
        rate_limit:
          enabled: true
          default_limit: 1000000000
          window: 1s
          key: ip
          routes:
            - path: /api/v1/transactions
              limit: 1000000000
              window: 1s
            - path: /api/v1/auth/token
              limit: 10
            - path: /api/v1/health
              limit: 1000000000
              window: 1s
        """;

    private TokenBucket bulwark;
    private BucketLimit limit;
    private Bucket bucket4j;
    private io.github.resilience4j.ratelimiter.RateLimiter resilience4j;
    private RateLimiter bulwarkLimiter;
    private InetAddress client;
    private final Function<String, String> noHeaders = name -> null;

    @Setup
    public void setUp() throws Exception {
        bulwark = new TokenBucket(System.nanoTime());
        limit = BucketLimit.of(LIMIT_PER_SECOND, Duration.ofSeconds(1), LIMIT_PER_SECOND);
        bucket4j = Bucket.builder()
            .addLimit(Bandwidth.builder().capacity(LIMIT_PER_SECOND)
                .refillGreedy(LIMIT_PER_SECOND, Duration.ofSeconds(1)).build())
            .build();
        resilience4j = io.github.resilience4j.ratelimiter.RateLimiter.of("bench", RateLimiterConfig.custom()
            .limitForPeriod(LIMIT_PER_SECOND)
            .limitRefreshPeriod(Duration.ofSeconds(1))
            .timeoutDuration(Duration.ZERO)
            .build());
        bulwarkLimiter = new RateLimiter(config().rateLimit(), config().identity(), Clock.SYSTEM,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        client = InetAddress.getByName("127.0.0.1");
    }

    private static BulwarkConfig config() throws ConfigException {
        return ConfigLoader.parse(CONFIG, "TokenBucketBenchmark");
    }

    @Benchmark
    public long bulwark() {
        return bulwark.tryTake(limit, System.nanoTime());
    }

    @Benchmark
    @Threads(4)
    public long bulwarkContended() {
        return bulwark.tryTake(limit, System.nanoTime());
    }

    @Benchmark
    public boolean bucket4j() {
        return bucket4j.tryConsume(1);
    }

    @Benchmark
    @Threads(4)
    public boolean bucket4jContended() {
        return bucket4j.tryConsume(1);
    }

    @Benchmark
    public boolean resilience4j() {
        return resilience4j.acquirePermission();
    }

    @Benchmark
    @Threads(4)
    public boolean resilience4jContended() {
        return resilience4j.acquirePermission();
    }

    @Benchmark
    public Decision bulwarkDecision() {
        return bulwarkLimiter.decide("GET", "/api/v1/transactions/42", client, noHeaders);
    }

    @Benchmark
    @Threads(4)
    public Decision bulwarkDecisionContended() {
        return bulwarkLimiter.decide("GET", "/api/v1/transactions/42", client, noHeaders);
    }
}
