package io.bulwark.core.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One circuit breaker per downstream service. It opens after {@code failureThreshold} consecutive failures (or when
 * an optional rate threshold is crossed over the last {@code slidingWindowSize} calls, once {@code minimumCalls}
 * were seen), stays open {@code openTimeout}, then lets at most {@code halfOpenMaxProbes} concurrent probes through
 * and closes after {@code halfOpenSuccesses} successes. {@code callTimeout} bounds each downstream call.
 *
 * @param failureRateThreshold   percent 1..100 of failed calls that opens the breaker; null = not used
 * @param slowCallRateThreshold  percent 1..100 of calls slower than {@code slowCallDuration}; null = not used
 * @param services               the protected services by name, each with optional overrides
 * @param ignoreExceptions       class names of errors that never count against a breaker (also as a cause, and
 *                               their subclasses), on top of the built-in caller errors
 * @param recordExceptions       class names of errors that always count, even where a built-in rule would ignore them
 * @param ignoreSqlStates        SQLState prefixes of SQLExceptions that do not count (the caller's mistakes)
 * @param ignoreRedisErrors      prefixes of Redis error replies that do not count (the caller's mistakes)
 */
public record CircuitBreakerConfig(boolean enabled, int failureThreshold, Duration openTimeout,
                                   int halfOpenSuccesses, int halfOpenMaxProbes, Duration callTimeout,
                                   Double failureRateThreshold, Double slowCallRateThreshold,
                                   Duration slowCallDuration, int slidingWindowSize, int minimumCalls,
                                   Map<String, ServiceOverrides> services, List<String> ignoreExceptions,
                                   List<String> recordExceptions, List<String> ignoreSqlStates,
                                   List<String> ignoreRedisErrors) {
    /** The client libraries whose calls are protected; each has a default service of the same name. */
    public static final List<String> LIBRARIES = List.of("database", "redis", "kafka", "elasticsearch");
    /** Data exception, integrity constraint violation, transaction rollback, syntax error or access rule violation. */
    public static final List<String> DEFAULT_IGNORE_SQL_STATES = List.of("22", "23", "40", "42");
    /** Replies to a wrong command; OOM, LOADING, BUSY, READONLY, MASTERDOWN... still count. */
    public static final List<String> DEFAULT_IGNORE_REDIS_ERRORS = List.of("WRONGTYPE", "NOSCRIPT", "EXECABORT",
            "ERR wrong number of arguments", "ERR unknown command", "ERR syntax error", "ERR value is not");

    public CircuitBreakerConfig {
        ignoreExceptions = List.copyOf(ignoreExceptions);
        recordExceptions = List.copyOf(recordExceptions);
        ignoreSqlStates = List.copyOf(ignoreSqlStates);
        ignoreRedisErrors = List.copyOf(ignoreRedisErrors);
        Objects.requireNonNull(openTimeout, "openTimeout");
        Objects.requireNonNull(callTimeout, "callTimeout");
        services = Copies.orderedMap(services);
    }

    public static CircuitBreakerConfig defaults() {
        Map<String, ServiceOverrides> services = new LinkedHashMap<>();
        for (String name : LIBRARIES) {
            services.put(name, ServiceOverrides.NONE);
        }
        return new CircuitBreakerConfig(true, 5, Duration.ofSeconds(60), 2, 2, Duration.ofSeconds(5),
                null, null, null, 20, 10, services, List.of(), List.of(), DEFAULT_IGNORE_SQL_STATES,
                DEFAULT_IGNORE_REDIS_ERRORS);
    }

    public int failureThreshold(String service) {
        Integer value = overrides(service).failureThreshold();
        return value != null ? value : failureThreshold;
    }

    public Duration openTimeout(String service) {
        Duration value = overrides(service).openTimeout();
        return value != null ? value : openTimeout;
    }

    public int halfOpenSuccesses(String service) {
        Integer value = overrides(service).halfOpenSuccesses();
        return value != null ? value : halfOpenSuccesses;
    }

    public Duration callTimeout(String service) {
        Duration value = overrides(service).callTimeout();
        return value != null ? value : callTimeout;
    }

    /** The library whose calls the service protects, or null when neither configured nor implied by its name. */
    public String library(String service) {
        String value = overrides(service).library();
        return value != null ? value : LIBRARIES.contains(service) ? service : null;
    }

    public List<String> ignoreSqlStates(String service) {
        List<String> value = overrides(service).ignoreSqlStates();
        return value != null ? value : ignoreSqlStates;
    }

    public List<String> ignoreRedisErrors(String service) {
        List<String> value = overrides(service).ignoreRedisErrors();
        return value != null ? value : ignoreRedisErrors;
    }

    public ServiceOverrides overrides(String service) {
        return services.getOrDefault(service, ServiceOverrides.NONE);
    }

    public CircuitBreakerConfig withFailureThreshold(int newFailureThreshold) {
        return new CircuitBreakerConfig(enabled, newFailureThreshold, openTimeout, halfOpenSuccesses,
                halfOpenMaxProbes, callTimeout, failureRateThreshold, slowCallRateThreshold, slowCallDuration,
                slidingWindowSize, minimumCalls, services, ignoreExceptions, recordExceptions, ignoreSqlStates,
                ignoreRedisErrors);
    }

    public CircuitBreakerConfig withOpenTimeout(Duration newOpenTimeout) {
        return new CircuitBreakerConfig(enabled, failureThreshold, newOpenTimeout, halfOpenSuccesses,
                halfOpenMaxProbes, callTimeout, failureRateThreshold, slowCallRateThreshold, slowCallDuration,
                slidingWindowSize, minimumCalls, services, ignoreExceptions, recordExceptions, ignoreSqlStates,
                ignoreRedisErrors);
    }

    public CircuitBreakerConfig withCallTimeout(Duration newCallTimeout) {
        return new CircuitBreakerConfig(enabled, failureThreshold, openTimeout, halfOpenSuccesses,
                halfOpenMaxProbes, newCallTimeout, failureRateThreshold, slowCallRateThreshold, slowCallDuration,
                slidingWindowSize, minimumCalls, services, ignoreExceptions, recordExceptions, ignoreSqlStates,
                ignoreRedisErrors);
    }
}
