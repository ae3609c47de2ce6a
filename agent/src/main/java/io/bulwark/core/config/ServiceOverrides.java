package io.bulwark.core.config;

import java.time.Duration;
import java.util.List;

/**
 * One entry of circuit_breakers.services: per-service breaker settings (a null field inherits the circuit_breakers
 * value), which library's calls it protects, and the classification lists that are checked before the global ones.
 *
 * @param library           database, redis, kafka or elasticsearch; null = the service's name when it is one of them
 * @param match             targets (host, host:port or URI prefix) whose calls go to this service; empty = the
 *                          library's default service
 * @param ignoreExceptions  class names that never count for this service (checked before the global lists)
 * @param recordExceptions  class names that always count for this service (checked before the global lists)
 * @param ignoreSqlStates   SQLState prefixes that do not count; null = circuit_breakers.ignore_sql_states
 * @param ignoreRedisErrors Redis error-reply prefixes that do not count; null = circuit_breakers.ignore_redis_errors
 */
public record ServiceOverrides(Integer failureThreshold, Duration openTimeout, Integer halfOpenSuccesses,
                               Duration callTimeout, String library, List<String> match,
                               List<String> ignoreExceptions, List<String> recordExceptions,
                               List<String> ignoreSqlStates, List<String> ignoreRedisErrors) {
    public static final ServiceOverrides NONE = new ServiceOverrides(null, null, null, null);

    public ServiceOverrides {
        match = List.copyOf(match);
        ignoreExceptions = List.copyOf(ignoreExceptions);
        recordExceptions = List.copyOf(recordExceptions);
        ignoreSqlStates = ignoreSqlStates == null ? null : List.copyOf(ignoreSqlStates);
        ignoreRedisErrors = ignoreRedisErrors == null ? null : List.copyOf(ignoreRedisErrors);
    }

    /** Breaker settings only: the library's default service, classified by the global lists. */
    public ServiceOverrides(Integer failureThreshold, Duration openTimeout, Integer halfOpenSuccesses,
                            Duration callTimeout) {
        this(failureThreshold, openTimeout, halfOpenSuccesses, callTimeout, null, List.of(), List.of(), List.of(),
                null, null);
    }
}
