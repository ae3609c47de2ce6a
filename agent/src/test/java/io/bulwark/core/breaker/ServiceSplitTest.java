package io.bulwark.core.breaker;

import io.bulwark.core.breaker.CircuitBreaker.State;
import io.bulwark.core.config.CircuitBreakerConfig;
import io.bulwark.core.config.ConfigException;
import io.bulwark.core.config.ConfigLoader;
import io.bulwark.core.config.ServiceOverrides;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** circuit_breakers.services split by target, and each service's own classification lists. */
class ServiceSplitTest {

    private static final String SPLIT = """
        circuit_breakers:
          ignore_exceptions: [java.net.SocketTimeoutException]
          ignore_redis_errors: [WRONGTYPE, BUSY]
          services:
            database: {}
            reports:
              library: database
              match: ["jdbc:postgresql://reports-db:5432/", "10.0.0.7"]
              failure_threshold: 2
              ignore_sql_states: ["40001"]
              record_exceptions: [java.net.SocketTimeoutException]
            redis: {}
            sessions: {library: redis, match: ["Sessions-1:6380"]}
            kafka: {}
            audit-events: {library: kafka, match: [audit-broker]}
            search: {library: elasticsearch, match: ["http://es-search:9200"]}
            elasticsearch: {}
        """;

    private static CircuitBreakerConfig config(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "agent-config.yaml").circuitBreakers();
    }

    @Test
    void servicesKeepTheirLibraryMatchAndLists() throws ConfigException {
        CircuitBreakerConfig c = config(SPLIT);
        assertEquals("database", c.library("reports"));
        assertEquals("database", c.library("database"), "implied by the name");
        assertNull(c.library("other"));
        ServiceOverrides sessions = c.services().get("sessions");
        assertEquals(List.of("sessions-1:6380"), sessions.match(), "targets are matched case-insensitively");
        assertEquals(List.of("40001"), c.ignoreSqlStates("reports"));
        assertEquals(CircuitBreakerConfig.DEFAULT_IGNORE_SQL_STATES, c.ignoreSqlStates("database"));
        assertEquals(List.of("WRONGTYPE", "BUSY"), c.ignoreRedisErrors("redis"));
    }

    @Test
    void callsGoToTheServiceWhoseMatchCoversTheirTarget() throws ConfigException {
        ServiceRoutes routes = new ServiceRoutes(config(SPLIT));
        assertEquals("reports", routes.service("database", "jdbc:postgresql://reports-db:5432/reports?ssl=false"));
        assertEquals("database", routes.service("database", "jdbc:postgresql://reports-db:5433/reports"),
            "another port is another prefix");
        assertEquals("reports", routes.service("database", "jdbc:postgresql://10.0.0.7:5432/x"), "a host matches any port");
        assertEquals("reports", routes.service("database", "jdbc:postgresql://main:5432,10.0.0.7:5432/app"),
            "any host of a multi-host URL");
        assertEquals("database", routes.service("database", "jdbc:postgresql://main-db:5432/app"));
        assertEquals("sessions", routes.service("redis", "SESSIONS-1:6380"));
        assertEquals("redis", routes.service("redis", "sessions-1:6379"), "host:port needs both");
        assertEquals("audit-events", routes.service("kafka", "broker-1:9092,audit-broker:9092"));
        assertEquals("search", routes.service("elasticsearch", "http://es-search:9200"));
        assertEquals("elasticsearch", routes.service("elasticsearch", "https://es-logs:9200"));
        assertEquals("database", routes.service("database", null), "unknown target: the library's default");
        assertTrue(routes.splits("kafka"));
        assertEquals("reports", routes.service("database", "jdbc:postgresql://reports-db:5432/reports?ssl=false"),
            "the cached answer");
    }

    @Test
    void aLibraryWithoutMatchesIsNotSplitAndItsDefaultMayBeRenamed() throws ConfigException {
        ServiceRoutes routes = new ServiceRoutes(config("""
            circuit_breakers:
              services:
                database: {}
                cache: {library: redis}
            """));
        assertFalse(routes.splits("redis"));
        assertEquals("cache", routes.service("redis", "anything:6379"));
        assertEquals("kafka", routes.service("kafka", "broker:9092"), "no service: the library's name (fallback)");
    }

    @Test
    void aSplitServiceHasItsOwnBreakerAndMetrics() throws ConfigException {
        TestBreakers t = new TestBreakers(config(SPLIT));
        t.fail("reports", 2, new ConnectException("refused"));
        assertEquals(State.OPEN, t.state("reports"), "its own failure_threshold: 2");
        assertEquals(State.CLOSED, t.state("database"));
        assertTrue(t.engine.start("database", "query").permitted());
        assertFalse(t.engine.start("reports", "query").permitted());
        assertEquals(2, t.calls("reports", "command", "failure"));
        assertEquals(1, t.calls("reports", "query", "rejected"));
        assertEquals(List.of("database", "reports", "redis", "sessions", "kafka", "audit-events", "search",
            "elasticsearch"), t.engine.breakers().stream().map(CircuitBreaker::name).toList());
    }

    @Test
    void aServiceListComesBeforeTheGlobalOnesAndItsSqlStatesReplaceTheDefaults() throws ConfigException {
        CircuitBreakerConfig c = config(SPLIT);
        FailureClassifier reports = FailureClassifier.of(c, "reports");
        FailureClassifier database = FailureClassifier.of(c, "database");
        SocketTimeoutException slow = new SocketTimeoutException("Read timed out");
        assertTrue(reports.counts(slow), "the service records what the global list ignores");
        assertFalse(database.counts(slow), "global ignore_exceptions");

        SQLException serialization = new SQLException("could not serialize access", "40001");
        SQLException uniqueViolation = new SQLException("duplicate key", "23505");
        assertFalse(reports.counts(serialization));
        assertTrue(reports.counts(uniqueViolation), "the service's list replaces the default states");
        assertFalse(database.counts(uniqueViolation));
        assertFalse(database.counts(new SQLException("deadlock detected", "40P01")), "class 40 by default");
        assertTrue(database.counts(new SQLException("connection refused", "08001")));
    }

    @Test
    void redisReplyPrefixesAreConfigurable() throws ConfigException {
        FailureClassifier redis = FailureClassifier.of(config(SPLIT), "redis");
        assertFalse(redis.counts(new RedisCommandExecutionException("BUSY Redis is busy running a script")));
        assertTrue(redis.counts(new RedisCommandExecutionException("NOSCRIPT No matching script")),
            "no longer among the ignored replies once the list is set");
        assertFalse(FailureClassifier.DEFAULTS.counts(new RedisCommandExecutionException("NOSCRIPT No matching script")));
    }
}
