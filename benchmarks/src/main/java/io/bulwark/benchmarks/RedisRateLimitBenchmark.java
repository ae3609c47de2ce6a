package io.bulwark.benchmarks;

import io.bulwark.core.Clock;
import io.bulwark.core.config.RateLimitConfig;
import io.bulwark.core.config.RedisRateLimitConfig;
import io.bulwark.core.identity.UserIdentity;
import io.bulwark.core.ratelimit.RateLimiter;
import io.bulwark.core.ratelimit.redis.RedisBuckets;
import io.bulwark.shaded.io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.bulwark.testbed.RedisBackend;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One shared rate-limit decision against a real Redis (started here, the same one for both): the agent's Redis
 * backend (one EVALSHA per decision on its shaded Jedis pool, the whole decision through {@link RateLimiter}) against
 * Bucket4j's lettuce backend (compare-and-swap: GET, then a conditional SET script, retried when another client
 * won). Every thread uses the same key, so running with {@code -t 4} is the contended hot-key case;
 * {@code bulwarkRedisBatched} is the agent with batch.size 10. Sample mode gives the latency percentiles (p99) next to the throughput.
 *
 * <p>It starts its Redis through bulwark-backends, which benchmarks.jar leaves out, so it runs from the classpath:
 * {@code cd benchmarks && java -cp target/classes:$(cat target/runtime.classpath) org.openjdk.jmh.Main
 * RedisRateLimitBenchmark -t 1} (and {@code -t 4}).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RedisRateLimitBenchmark {

    private static final int LIMIT_PER_SECOND = 1_000_000_000; // never reached: every decision admits

    private RedisBackend redis;
    private final List<RedisBuckets> backends = new ArrayList<>();
    private RateLimiter bulwark;
    private RateLimiter bulwarkBatched;
    private RedisClient lettuce;
    private StatefulRedisConnection<byte[], byte[]> connection;
    private Bucket bucket4j;
    private InetAddress client;
    private final Function<String, String> noHeaders = name -> null;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        redis = new RedisBackend(Files.createTempDirectory("bulwark-redis-benchmark"));
        redis.start();
        bulwark = limiter(1, "bench:rl:");
        bulwarkBatched = limiter(10, "bench:rl-batched:");
        client = InetAddress.getByName("10.1.2.3");

        lettuce = RedisClient.create(redis.url());
        connection = lettuce.connect(ByteArrayCodec.INSTANCE);
        bucket4j = Bucket4jLettuce.casBasedBuilder(connection)
            .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                Duration.ofSeconds(10)))
            .build()
            .builder()
            .build("bench:bucket4j:10.1.2.3".getBytes(StandardCharsets.UTF_8), () -> BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(LIMIT_PER_SECOND).refillGreedy(LIMIT_PER_SECOND, Duration.ofSeconds(1)))
                .build());
    }

    private RateLimiter limiter(int batch, String keyPrefix) {
        RedisRateLimitConfig settings = new RedisRateLimitConfig(redis.url(), keyPrefix, Duration.ofSeconds(1),
            RedisRateLimitConfig.OnFailure.DENY, 5, Duration.ofSeconds(10), batch, Duration.ofMillis(100), 16);
        RateLimitConfig config = new RateLimitConfig(true, LIMIT_PER_SECOND, Duration.ofSeconds(1), null,
            RateLimitConfig.Key.IP, List.of(), List.of(), 100_000, Duration.ofMinutes(10), List.of());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RedisBuckets buckets = RedisBuckets.start(settings, config.maxKeys(), registry, Clock.SYSTEM);
        backends.add(buckets);
        return new RateLimiter(config, UserIdentity.NONE, Clock.SYSTEM, registry, buckets::over);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backends.forEach(RedisBuckets::close);
        connection.close();
        lettuce.shutdown();
        redis.stop();
    }

    @Benchmark
    public boolean bulwarkRedis() {
        return bulwark.decide("GET", "/api/v1/transactions", client, noHeaders).rejected();
    }

    @Benchmark
    public boolean bulwarkRedisBatched() {
        return bulwarkBatched.decide("GET", "/api/v1/transactions", client, noHeaders).rejected();
    }

    @Benchmark
    public boolean bucket4jLettuce() {
        return bucket4j.tryConsume(1);
    }
}
