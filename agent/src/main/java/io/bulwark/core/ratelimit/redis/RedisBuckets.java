package io.bulwark.core.ratelimit.redis;

import io.bulwark.core.AgentLog;
import io.bulwark.core.Clock;
import io.bulwark.core.breaker.CircuitBreaker;
import io.bulwark.core.breaker.StandaloneBreaker;
import io.bulwark.core.config.RedisRateLimitConfig;
import io.bulwark.core.config.RedisRateLimitConfig.OnFailure;
import io.bulwark.core.health.BackendStatus;
import io.bulwark.core.ratelimit.BucketBackend;
import io.bulwark.core.ratelimit.RouteLimit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Buckets in Redis, shared by every instance of a service that uses the same Redis and key prefix: one EVALSHA
 * of {@link GcraScript} per decision, on key {@code <key_prefix><route>:<client key>} (one key per call, so Redis
 * Cluster works; a client key over {@value #MAX_KEY_BYTES} bytes is replaced by its SHA-256). The script's answer
 * is the same signed debt the local bucket computes, so decisions and headers are identical to the local backend's.
 * The script is loaded when Redis first answers NOSCRIPT (a new, restarted or flushed server), then EVALSHA retried.
 *
 * <p>The client is Jedis (shaded into the agent under io.bulwark.shaded, so it never meets the application's Redis
 * client and is never instrumented): a pool of at most {@code pool_size} connections, opened on demand, so start-up
 * never waits for Redis. AUTH, SELECT and TLS (with host name verification) come from the URI.
 *
 * <p>Failures: borrowing a connection, connecting and each answer are each bounded by {@code timeout}; after a
 * timeout or a broken connection every idle connection is closed too (a restarted or hung server would fail each of
 * them once). A failed or late answer counts against the backend's own breaker, and the decision follows
 * {@code on_failure}: {@code local} (a bucket of this instance, so each instance admits up to the whole limit while
 * Redis is away), {@code allow} or {@code deny}. While the breaker is open Redis is not asked at all; after
 * {@code open_timeout} one probe decides whether it closes again.
 *
 * <p>Batching ({@code batch.size} n > 1): a round trip takes up to n tokens; the one the request needs and at most
 * n - 1 leased ones, which this instance hands out without asking Redis for at most {@code batch.max_age}. Every
 * token is counted in Redis before it is used, but a leased one may be used later than counted, in a later window.
 * Bound: over any span of time, the requests N instances admit for one key exceed what the shared bucket alone
 * admits (its capacity plus one token per interval) by at most {@code min(N * (n - 1), ceil(max_age / interval))}:
 * each instance holds at most one usable lease per key (n - 1 tokens), and a token is used at most max_age after it
 * was counted. Leased tokens that expire unused are lost, which can only under-admit.
 *
 * <p>Metrics (Prometheus names): {@code rate_limit_backend_mode{backend="redis",mode}} (1 for the mode in force:
 * redis, or the on_failure mode), {@code rate_limit_backend_failures_total{backend="redis",reason}}.
 */
public final class RedisBuckets implements BucketBackend, BackendStatus {

    static final int MAX_KEY_BYTES = 128;
    /** Caps that keep every sum in the script an exact integer in a double (see {@link GcraScript}). */
    private static final long MAX_INTERVAL_MICROS = 1L << 46;
    private static final long MAX_TOLERANCE_MICROS = 1L << 51;
    private static final List<String> FAILURE_REASONS =
        List.of("timeout", "disconnected", "pool_exhausted", "error", "interrupted");
    private static final byte[] SHA1 = bytes(GcraScript.SHA1);
    private static final byte[] SOURCE = bytes(GcraScript.SOURCE);

    private final JedisPool pool;
    private final RedisUri uri;
    private final StandaloneBreaker breaker;
    private final OnFailure onFailure;
    private final String keyPrefix;
    private final int batchSize;
    private final long batchMaxAgeNanos;
    private final int maxLeases;
    private final Clock clock;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    private final AtomicLong lastLeaseSweep;
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();
    private final AtomicBoolean outage = new AtomicBoolean();
    private final byte[] batchArgument;
    private volatile BucketBackend local;

    private RedisBuckets(JedisPool pool, RedisUri uri, RedisRateLimitConfig config, int maxLeases,
                         MeterRegistry registry, Clock clock) {
        this.pool = pool;
        this.uri = uri;
        this.breaker = new StandaloneBreaker("rate-limit-redis", config.failureThreshold(), config.openTimeout(),
            clock);
        this.onFailure = config.onFailure();
        this.keyPrefix = config.keyPrefix();
        this.batchSize = config.batchSize();
        this.batchArgument = bytes(Integer.toString(batchSize));
        this.batchMaxAgeNanos = config.batchMaxAge().toNanos();
        this.maxLeases = maxLeases;
        this.clock = clock;
        this.lastLeaseSweep = new AtomicLong(clock.nanoTime());
        for (String mode : List.of("redis", "local", "allow", "deny")) {
            Gauge.builder("rate.limit.backend.mode", this, b -> b.mode().equals(mode) ? 1 : 0)
                .description("Rate-limit backend: 1 for the mode in force (redis, or the on_failure fallback)")
                .tags("backend", "redis", "mode", mode)
                .strongReference(true)
                .register(registry);
        }
        for (String reason : FAILURE_REASONS) {
            failures.put(reason, Counter.builder("rate.limit.backend.failures")
                .description("Rate-limit decisions Redis did not answer in time or at all, by reason")
                .tags("backend", "redis", "reason", reason)
                .register(registry));
        }
    }

    /**
     * Starts the Redis backend (it connects on the first decision), or returns null after one line that says why
     * the local backend is used instead (a missing or invalid URI).
     *
     * @param maxKeys bound on the leases kept when batching (rate_limit.max_keys)
     */
    public static RedisBuckets start(RedisRateLimitConfig config, int maxKeys, MeterRegistry registry, Clock clock) {
        RedisUri uri;
        try {
            uri = RedisUri.parse(config.url());
        } catch (IllegalArgumentException invalid) {
            AgentLog.error("rate_limit: backend redis is not used, the local backend is (limits are per instance): "
                + "bad rate_limit.redis.url: " + invalid.getMessage(), null);
            return null;
        }
        return new RedisBuckets(pool(uri, config), uri, config, maxKeys, registry, clock);
    }

    /** A pool that opens no connection before it is asked for one. */
    private static JedisPool pool(RedisUri uri, RedisRateLimitConfig config) {
        int timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, config.timeout().toMillis()));
        DefaultJedisClientConfig client = DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(timeoutMillis)
            .socketTimeoutMillis(timeoutMillis)
            .user(uri.user())
            .password(uri.password())
            .database(uri.database())
            .ssl(uri.tls())
            // RESP2 without HELLO and no CLIENT SETINFO: opening a connection (the pool replaces a broken one at
            // once, on the thread that found it broken) costs no round trip beyond AUTH and SELECT
            .autoNegotiateProtocol(false)
            .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
            .build();
        JedisPoolConfig settings = new JedisPoolConfig(); // idle connections checked by a daemon evictor thread
        settings.setMaxTotal(config.poolSize());
        settings.setMaxIdle(config.poolSize());
        settings.setMaxWait(config.timeout());
        settings.setJmxEnabled(false); // no MBean of the agent's in the application's platform MBean server
        return new JedisPool(settings, new HostAndPort(uri.host(), uri.port()), client);
    }

    /** This backend with {@code fallback} as the local buckets of on_failure: local. */
    public BucketBackend over(BucketBackend fallback) {
        this.local = fallback;
        return this;
    }

    @Override
    public long tryTake(RouteLimit route, Object key, long nowNanos) {
        String redisKey = redisKey(route, key);
        if (batchSize > 1) {
            Lease lease = leases.get(redisKey);
            long debt = lease == null ? 0 : lease.take(nowNanos);
            if (debt > 0) {
                return debt;
            }
        }
        Object permit = breaker.permit();
        if (permit == null) {
            return fallback(route, key, nowNanos);
        }
        long intervalMicros = Math.min(MAX_INTERVAL_MICROS, Math.max(1, route.intervalNanos() / 1_000));
        long toleranceMicros = Math.min(MAX_TOLERANCE_MICROS, route.toleranceNanos() / 1_000);
        List<?> reply;
        try {
            reply = evaluate(redisKey.getBytes(StandardCharsets.UTF_8), intervalMicros, toleranceMicros);
        } catch (Failure failure) {
            breaker.failure(permit, failure);
            failures.get(failure.reason).increment();
            if (failure.reason.equals("timeout") || failure.reason.equals("disconnected")) {
                pool.clear(); // the idle connections lead to the same server: closed now rather than failing later
            }
            if (outage.compareAndSet(false, true)) {
                AgentLog.warn("rate_limit: cannot use Redis at " + uri + " (" + failure.getMessage() + "); decisions"
                    + " follow rate_limit.redis.on_failure until it answers again");
            }
            return fallback(route, key, nowNanos);
        }
        breaker.success(permit);
        if (outage.get() && outage.compareAndSet(true, false)) {
            AgentLog.info("rate_limit: reconnected to Redis at " + uri);
        }
        long debtMicros = (Long) reply.get(0);
        long taken = (Long) reply.get(1);
        if (taken > 1) {
            long debtNanos = debtMicros * 1_000;
            keepLease(redisKey, new Lease((int) taken - 1, debtNanos, route.intervalNanos(), nowNanos,
                batchMaxAgeNanos), nowNanos);
            return Math.max(1, debtNanos - (taken - 1) * route.intervalNanos());
        }
        return debtMicros * 1_000;
    }

    @Override
    public String backend() {
        return "redis";
    }

    @Override
    public String mode() {
        return breaker.state() == CircuitBreaker.State.CLOSED ? "redis" : onFailure.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean degraded() {
        return breaker.state() != CircuitBreaker.State.CLOSED;
    }

    /** Closes the pool's connections for good (tests and benchmarks; the agent's pool lives as long as the JVM). */
    public void close() {
        pool.close();
    }

    private long fallback(RouteLimit route, Object key, long nowNanos) {
        return switch (onFailure) {
            case LOCAL -> local.tryTake(route, key, nowNanos);
            case ALLOW -> ALLOW;
            case DENY -> DENY;
        };
    }

    /** EVALSHA, and after NOSCRIPT one SCRIPT LOAD and EVALSHA more, on one connection of the pool. */
    private List<?> evaluate(byte[] key, long intervalMicros, long toleranceMicros) throws Failure {
        byte[][] keyAndArguments = {key, bytes(Long.toString(intervalMicros)), bytes(Long.toString(toleranceMicros)),
            batchArgument};
        Object reply;
        try (Jedis jedis = pool.getResource()) {
            try {
                reply = jedis.evalsha(SHA1, 1, keyAndArguments);
            } catch (JedisNoScriptException notLoaded) {
                jedis.scriptLoad(SOURCE);
                reply = jedis.evalsha(SHA1, 1, keyAndArguments);
            }
        } catch (RuntimeException error) { // JedisException, and anything else the client may throw
            throw failure(error);
        }
        if (reply instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof Long
            && pair.get(1) instanceof Long) {
            return pair;
        }
        throw new Failure("error", "unexpected answer from the rate-limit script");
    }

    private static Failure failure(RuntimeException error) {
        if (error instanceof JedisDataException) {
            return new Failure("error", "Redis answered " + error.getMessage());
        }
        if (causedBy(error, SocketTimeoutException.class)) {
            return new Failure("timeout", "no answer from Redis in time: " + error.getMessage());
        }
        if (error instanceof JedisConnectionException) {
            return new Failure("disconnected", describe(error));
        }
        if (causedBy(error, InterruptedException.class)) {
            Thread.currentThread().interrupt();
            return new Failure("interrupted", "interrupted while waiting for Redis");
        }
        if (causedBy(error, NoSuchElementException.class)) {
            return new Failure("pool_exhausted", "every connection of rate_limit.redis.pool_size was busy");
        }
        return new Failure("error", describe(error));
    }

    /** Whether {@code type} is among the causes of {@code error}, or why one of them could not connect. */
    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (type.isInstance(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The messages of the error and its causes, down to why a connect failed (Connection refused). */
    private static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        Throwable last = error;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (text.indexOf(message(cause)) < 0) { // a wrapper's message often repeats its cause's
                text.append(text.isEmpty() ? "" : ": ").append(message(cause));
            }
            last = cause;
        }
        for (Throwable suppressed : last.getSuppressed()) {
            if (!(suppressed instanceof RuntimeException)) { // I/O errors; not the pool's own follow-up failures
                text.append(": ").append(message(suppressed));
            }
        }
        return text.toString();
    }

    private static String message(Throwable error) {
        return error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
    }

    /** Keeps a fresh lease unless a usable one is there (then the fresh tokens are dropped: one lease per key). */
    private void keepLease(String redisKey, Lease fresh, long nowNanos) {
        if (leases.size() >= maxLeases) {
            long last = lastLeaseSweep.get();
            if (nowNanos - last >= batchMaxAgeNanos && lastLeaseSweep.compareAndSet(last, nowNanos)) {
                leases.values().removeIf(lease -> !lease.usable(nowNanos));
            }
            if (leases.size() >= maxLeases) {
                return;
            }
        }
        leases.compute(redisKey, (k, current) -> current != null && current.usable(nowNanos) ? current : fresh);
    }

    String redisKey(RouteLimit route, Object key) {
        String client;
        if (key instanceof InetAddress address) {
            client = address.getHostAddress();
            int scope = address instanceof Inet6Address ? client.indexOf('%') : -1;
            if (scope >= 0) {
                client = client.substring(0, scope);
            }
        } else {
            client = String.valueOf(key);
        }
        byte[] clientBytes = client.getBytes(StandardCharsets.UTF_8);
        if (clientBytes.length > MAX_KEY_BYTES) {
            client = "h:" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(clientBytes));
        }
        return keyPrefix + route.name() + ":" + client;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Why Redis could not decide; counted by reason. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final String reason;

        Failure(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
