package io.bulwark.core.breaker;

import io.bulwark.core.config.CircuitBreakerConfig;
import io.bulwark.core.config.ServiceOverrides;

import java.lang.reflect.Method;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a failed downstream call counts against its service's breaker. Everything counts (connection
 * errors, timeouts, I/O errors, server errors) except errors that say the caller made a mistake or gave up, which
 * a healthy server also produces. No client library is linked: libraries are recognised by class name.
 *
 * <p>The error and its causes are examined outermost first (at most {@value #MAX_DEPTH} deep); the first one a rule
 * recognises decides, and when none does the failure counts. Not counted:
 * <ul>
 *   <li>the caller gave up: {@code InterruptedException}, {@code ClosedByInterruptException},
 *       {@code CancellationException} (for example a request timeout interrupting the handler thread);</li>
 *   <li>Redis error replies ({@code RedisCommandExecutionException}) whose message starts with one of
 *       {@code ignore_redis_errors} (by default replies to a wrong command: WRONGTYPE, NOSCRIPT, EXECABORT,
 *       "ERR wrong number of arguments", "ERR unknown command", "ERR syntax error", "ERR value is not"); other
 *       replies (OOM, LOADING, BUSY, READONLY, MASTERDOWN...) count;</li>
 *   <li>SQL errors whose SQLState starts with one of {@code ignore_sql_states} (by default classes 22 data exception,
 *       23 integrity constraint violation, 40 transaction rollback, 42 syntax error or access rule violation); an
 *       SQLException without SQLState is judged by the class its {@code java.sql} subclass stands for (e.g.
 *       SQLIntegrityConstraintViolationException: 23); every other SQLException (08 connection exceptions,
 *       {@code SQLTransientConnectionException}, 53 insufficient resources, 57 operator intervention...) counts;</li>
 *   <li>Kafka records the producer refuses to send: {@code SerializationException}, {@code RecordTooLargeException},
 *       {@code InvalidTopicException};</li>
 *   <li>Elasticsearch error responses ({@code ElasticsearchException}) with a 4xx status other than 408 and 429.</li>
 * </ul>
 * An {@code IOException} or {@code TimeoutException} counts without looking at its causes.
 *
 * <p>Configuration comes first: a class named in the service's {@code record_exceptions} (or a subclass) always
 * counts, one named in its {@code ignore_exceptions} never does; then the same with the global
 * {@code circuit_breakers} lists; then the built-in rules.
 */
public final class FailureClassifier {

    public static final FailureClassifier DEFAULTS = of(CircuitBreakerConfig.defaults(), "");

    private static final int MAX_DEPTH = 10;
    private static final List<String> KAFKA_CALLER_ERRORS = List.of(
        "org.apache.kafka.common.errors.SerializationException",
        "org.apache.kafka.common.errors.RecordTooLargeException",
        "org.apache.kafka.common.errors.InvalidTopicException");

    private enum Verdict { COUNTS, IGNORED, UNDECIDED }

    /** Class names that always count and that never count, with their subclasses. */
    private record ClassRules(Set<String> recorded, Set<String> ignored) {
        ClassRules(List<String> recorded, List<String> ignored) {
            this(Set.copyOf(recorded), Set.copyOf(ignored));
        }

        Verdict judge(Throwable error) {
            if (recorded.isEmpty() && ignored.isEmpty()) {
                return Verdict.UNDECIDED;
            }
            for (Class<?> type = error.getClass(); type != null && type != Throwable.class; type = type.getSuperclass()) {
                if (recorded.contains(type.getName())) {
                    return Verdict.COUNTS;
                }
                if (ignored.contains(type.getName())) {
                    return Verdict.IGNORED;
                }
            }
            return Verdict.UNDECIDED;
        }
    }

    private final ClassRules serviceRules;
    private final ClassRules globalRules;
    private final List<String> ignoreSqlStates;
    private final List<String> ignoreRedisErrors;

    private FailureClassifier(ClassRules serviceRules, ClassRules globalRules, List<String> ignoreSqlStates,
                              List<String> ignoreRedisErrors) {
        this.serviceRules = serviceRules;
        this.globalRules = globalRules;
        this.ignoreSqlStates = List.copyOf(ignoreSqlStates);
        this.ignoreRedisErrors = List.copyOf(ignoreRedisErrors);
    }

    /** The classifier of one service of circuit_breakers.services (its lists, then the global ones). */
    public static FailureClassifier of(CircuitBreakerConfig config, String service) {
        ServiceOverrides overrides = config.overrides(service);
        return new FailureClassifier(new ClassRules(overrides.recordExceptions(), overrides.ignoreExceptions()),
            new ClassRules(config.recordExceptions(), config.ignoreExceptions()), config.ignoreSqlStates(service),
            config.ignoreRedisErrors(service));
    }

    /** True when the error says the service is failing, false when it is the caller's mistake or decision. */
    public boolean counts(Throwable error) {
        Throwable current = error;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            Verdict verdict = judge(current);
            if (verdict != Verdict.UNDECIDED) {
                return verdict == Verdict.COUNTS;
            }
            Throwable cause = current.getCause();
            current = cause == current ? null : cause;
        }
        return true;
    }

    private Verdict judge(Throwable error) {
        Verdict configured = serviceRules.judge(error);
        if (configured == Verdict.UNDECIDED) {
            configured = globalRules.judge(error);
        }
        if (configured != Verdict.UNDECIDED) {
            return configured;
        }
        boolean io = false;
        for (Class<?> type = error.getClass(); type != null && type != Throwable.class; type = type.getSuperclass()) {
            String name = type.getName();
            switch (name) {
                case "java.lang.InterruptedException", "java.nio.channels.ClosedByInterruptException",
                     "java.util.concurrent.CancellationException":
                    return Verdict.IGNORED;
                case "java.sql.SQLException":
                    return SqlErrors.judge(error, ignoreSqlStates);
                case "java.io.IOException", "java.util.concurrent.TimeoutException":
                    io = true;
                    break;
                case "co.elastic.clients.elasticsearch._types.ElasticsearchException":
                    return elasticsearchVerdict(error, type);
                default:
                    if (KAFKA_CALLER_ERRORS.contains(name)) {
                        return Verdict.IGNORED;
                    }
                    if (name.endsWith(".RedisCommandExecutionException")) {
                        return startsWithAny(error.getMessage(), ignoreRedisErrors) ? Verdict.IGNORED : Verdict.COUNTS;
                    }
            }
        }
        return io ? Verdict.COUNTS : Verdict.UNDECIDED;
    }

    private static boolean startsWithAny(String text, List<String> prefixes) {
        if (text != null) {
            for (String prefix : prefixes) {
                if (text.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Verdict elasticsearchVerdict(Throwable error, Class<?> elasticsearchException) {
        try {
            Method status = elasticsearchException.getMethod("status");
            int code = (Integer) status.invoke(error);
            return code >= 400 && code < 500 && code != 408 && code != 429 ? Verdict.IGNORED : Verdict.COUNTS;
        } catch (ReflectiveOperationException | RuntimeException unexpected) {
            return Verdict.COUNTS;
        }
    }

    /** Kept apart so that java.sql is only loaded once an SQLException has been seen. */
    private static final class SqlErrors {
        static Verdict judge(Throwable error, List<String> ignoreSqlStates) {
            SQLException sql = (SQLException) error;
            String state = sql.getSQLState();
            if (state == null || state.isEmpty()) {
                state = impliedState(sql);
            }
            return startsWithAny(state, ignoreSqlStates) ? Verdict.IGNORED : Verdict.COUNTS;
        }

        /** The SQLState class a java.sql subclass stands for, for drivers that throw it without a state. */
        private static String impliedState(SQLException sql) {
            if (sql instanceof SQLDataException) {
                return "22";
            }
            if (sql instanceof SQLIntegrityConstraintViolationException) {
                return "23";
            }
            if (sql instanceof SQLTransactionRollbackException) {
                return "40";
            }
            return sql instanceof SQLSyntaxErrorException ? "42" : null;
        }
    }
}
