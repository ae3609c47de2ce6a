package io.bulwark.core.ratelimit;

import io.bulwark.core.Clock;
import io.bulwark.core.config.IdentityConfig;
import io.bulwark.core.config.RateLimitConfig;
import io.bulwark.core.config.RateLimitRoute;
import io.bulwark.core.http.RouteRules;
import io.bulwark.core.identity.UserIdentity;
import io.bulwark.core.ratelimit.Decision.Outcome;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Token-bucket rate limiting: decides whether a request may proceed and what the rate-limit response headers
 * say.
 *
 * <ul>
 * <li>Route: the most specific configured route ({@link io.bulwark.core.http.RoutePattern#rank}), else the default limit, labelled
 *     "default". Each route has buckets of its own.</li>
 * <li>Client: the socket peer, or the address the trusted proxies forwarded ({@link ClientAddressResolver}).
 *     Clients in the allowlist bypass the limits.</li>
 * <li>Key: with {@code key: user_or_ip} the user ({@link UserIdentity}: the user header, or a JWT that verifies),
 *     else the client address. An unverifiable token falls back to the address, so clients cannot mint buckets.
 *     Users and addresses never share a bucket: a user key is a {@link UserKey}, an address key the
 *     {@link InetAddress} itself.</li>
 * <li>State: bounded by {@code max_keys} with idle expiry; at the bound new keys share an overflow bucket per route
 *     ({@link BucketStore}).</li>
 * <li>Backend: the buckets are those of this JVM ({@link LocalBuckets}) unless a {@link BucketBackend} wraps them,
 *     such as the Redis backend ({@link io.bulwark.core.ratelimit.redis.RedisBuckets}): every instance then
 *     decides on the same bucket, with the same headers. With batching (n tokens leased per round trip, for at
 *     most max_age), N instances admit at most {@code min(N * (n - 1), ceil(max_age / interval))} requests per
 *     route and key more than the shared bucket alone would over any span of time (derived there).</li>
 * </ul>
 *
 * Metrics: counter {@code rate_limit.decisions{endpoint,decision}} (Prometheus {@code rate_limit_decisions_total})
 * and gauge {@code rate_limit.keys}, the number of buckets kept. Thread-safe.
 */
public final class RateLimiter {

    static final String KEYS_METRIC = "rate_limit.keys";
    /** The route label of requests that match no configured route. */
    public static final String DEFAULT_LABEL = "default";

    private final boolean enabled;
    private final boolean byUser;
    private final UserIdentity identity;
    private final Clock clock;
    private final ClientAddressResolver clientAddresses;
    private final CidrSet allowlist;
    private final RouteRules<LimitedRoute> routes;
    private final BucketStore store;
    private final BucketBackend backend;

    /** The user identity comes from {@code identity}, reading a JWT secret from the process environment. */
    public RateLimiter(RateLimitConfig config, IdentityConfig identity, Clock clock, MeterRegistry registry) {
        this(config, UserIdentity.from(identity, System::getenv, () -> clock.currentTimeMillis() / 1000), clock,
                registry);
    }

    public RateLimiter(RateLimitConfig config, UserIdentity identity, Clock clock, MeterRegistry registry) {
        this(config, identity, clock, registry, UnaryOperator.identity());
    }

    /**
     * @param backend given the local buckets, the backend to decide on (the local buckets themselves, or a shared
     *                backend that falls back to them)
     */
    public RateLimiter(RateLimitConfig config, UserIdentity identity, Clock clock, MeterRegistry registry,
                       UnaryOperator<BucketBackend> backend) {
        long now = clock.nanoTime();
        MeterRegistry meters = config.enabled() ? registry : new SimpleMeterRegistry(); // disabled: publish nothing
        this.enabled = config.enabled();
        this.byUser = config.key() == RateLimitConfig.Key.USER_OR_IP;
        this.identity = identity;
        this.clock = clock;
        this.clientAddresses = new ClientAddressResolver(new CidrSet(config.trustedProxies()));
        this.allowlist = new CidrSet(config.allowlist());
        RouteRules.Builder<LimitedRoute> rules = RouteRules.builder();
        List<LimitedRoute> all = new ArrayList<>();
        LimitedRoute fallback = new LimitedRoute(DEFAULT_LABEL, DEFAULT_LABEL,
                BucketLimit.of(config.defaultLimit(), config.window(), config.defaultCapacity()), false, now,
                meters);
        all.add(fallback);
        for (RateLimitRoute route : config.routes()) {
            LimitedRoute limited = new LimitedRoute(route.path(), uniqueName(route, config.routes()),
                    BucketLimit.of(route.limit(), route.windowOr(config.window()), route.capacity()), route.shadow(),
                    now, meters);
            rules.route(route.path(), route.methods(), limited);
            all.add(limited);
        }
        this.routes = rules.fallback(fallback);
        this.store = new BucketStore(all, config.maxKeys(), config.idleExpiry(), now);
        this.backend = backend.apply(new LocalBuckets(store));
        Gauge.builder(KEYS_METRIC, store, BucketStore::size)
                .description("Rate-limit buckets kept in memory (bounded by max_keys)")
                .register(meters);
    }

    /**
     * @param method        the request method, e.g. "GET"
     * @param path          the request path as the server routes it (decoded, without the query)
     * @param peer          the socket peer address
     * @param requestHeader the value of a request header by name, or null; for X-Forwarded-For and Forwarded all
     *                      values of a repeated header joined with ", "
     */
    public Decision decide(String method, String path, InetAddress peer, Function<String, String> requestHeader) {
        if (!enabled) {
            return Decision.UNLIMITED;
        }
        LimitedRoute route = routes.match(method, path);
        InetAddress client = peer == null ? null : clientAddresses.clientAddress(peer, requestHeader);
        if (client != null && allowlist.contains(client)) {
            route.count(Outcome.BYPASSED);
            return route.bypassed;
        }
        long taken = backend.tryTake(route, key(client, requestHeader), clock.nanoTime());
        if (taken == BucketBackend.ALLOW) {
            route.count(Outcome.ALLOWED);
            return route.unbounded;
        }
        BucketLimit limit = route.limit;
        if (taken == BucketBackend.DENY) {
            taken = -(limit.toleranceNanos() + 1_000_000_000L); // a token in a second, as far as the client can tell
        }
        long debt = Math.abs(taken);
        long reset = ceilDiv(clock.currentTimeMillis() + ceilDiv(debt, 1_000_000), 1_000);
        Outcome outcome;
        long retryAfter = 0;
        if (taken > 0) {
            outcome = Outcome.ALLOWED;
        } else {
            outcome = route.shadow ? Outcome.SHADOW_REJECTED : Outcome.REJECTED;
            retryAfter = Math.max(1, ceilDiv(debt - limit.toleranceNanos(), 1_000_000_000));
        }
        route.count(outcome);
        return new Decision(outcome, route.label, true, limit.capacity(), limit.remaining(debt), reset, retryAfter);
    }

    /** Buckets currently kept, over all routes (at most max_keys). */
    public int trackedKeys() {
        return store.size();
    }

    /** The route's path, with its methods when another entry has the same path (so their shared buckets differ). */
    private static String uniqueName(RateLimitRoute route, List<RateLimitRoute> routes) {
        for (RateLimitRoute other : routes) {
            if (other != route && other.path().equals(route.path())) {
                return route.path() + " " + String.join(",", route.methods());
            }
        }
        return route.path();
    }

    private Object key(InetAddress client, Function<String, String> requestHeader) {
        if (byUser) {
            String user = identity.user(requestHeader);
            if (user != null) {
                return new UserKey(user);
            }
        }
        return client != null ? client : "unknown-client";
    }

    private static long ceilDiv(long value, long divisor) {
        return Math.floorDiv(value + divisor - 1, divisor);
    }
}
