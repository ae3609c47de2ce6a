package io.bulwark.core.breaker;

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
 *   <li>Redis error replies to a wrong command ({@code RedisCommandExecutionException} whose message starts with
 *       WRONGTYPE, NOSCRIPT, EXECABORT, "ERR wrong number of arguments", "ERR unknown command", "ERR syntax error"
 *       or "ERR value is not"); other replies (OOM, LOADING, BUSY, READONLY, MASTERDOWN...) count;</li>
 *   <li>SQL errors in SQLState classes 22 (data exception), 23 (integrity constraint violation), 40 (transaction
 *       rollback: serialization failure, deadlock) and 42 (syntax error or access rule violation), and the matching
 *       {@code java.sql} subclasses; every other SQLException (08 connection exceptions,
 *       {@code SQLTransientConnectionException}, 53 insufficient resources, 57 operator intervention...) counts;</li>
 *   <li>Kafka records the producer refuses to send: {@code SerializationException}, {@code RecordTooLargeException},
 *       {@code InvalidTopicException};</li>
 *   <li>Elasticsearch error responses ({@code ElasticsearchException}) with a 4xx status other than 408 and 429.</li>
 * </ul>
 * An {@code IOException} or {@code TimeoutException} counts without looking at its causes.
 *
 * <p>Configuration comes first: a class named in {@code circuit_breakers.record_exceptions} (or a subclass) always
 * counts, one named in {@code ignore_exceptions} never does, before any built-in rule.
 */
public final class FailureClassifier {

    public static final FailureClassifier DEFAULTS = new FailureClassifier(List.of(), List.of());

    private static final int MAX_DEPTH = 10;
    private static final List<String> REDIS_CALLER_ERRORS = List.of("WRONGTYPE", "NOSCRIPT", "EXECABORT",
        "ERR wrong number of arguments", "ERR unknown command", "ERR syntax error", "ERR value is not");
    private static final List<String> KAFKA_CALLER_ERRORS = List.of(
        "org.apache.kafka.common.errors.SerializationException",
        "org.apache.kafka.common.errors.RecordTooLargeException",
        "org.apache.kafka.common.errors.InvalidTopicException");

    private enum Verdict { COUNTS, IGNORED, UNDECIDED }

    private final Set<String> ignored;
    private final Set<String> recorded;

    /**
     * @param ignoreExceptions class names that never count (with their subclasses)
     * @param recordExceptions class names that always count (with their subclasses); they win over every other rule
     */
    public FailureClassifier(List<String> ignoreExceptions, List<String> recordExceptions) {
        this.ignored = Set.copyOf(ignoreExceptions);
        this.recorded = Set.copyOf(recordExceptions);
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
        if (!recorded.isEmpty() || !ignored.isEmpty()) {
            for (Class<?> type = error.getClass(); type != null && type != Throwable.class; type = type.getSuperclass()) {
                if (recorded.contains(type.getName())) {
                    return Verdict.COUNTS;
                }
                if (ignored.contains(type.getName())) {
                    return Verdict.IGNORED;
                }
            }
        }
        boolean io = false;
        for (Class<?> type = error.getClass(); type != null && type != Throwable.class; type = type.getSuperclass()) {
            String name = type.getName();
            switch (name) {
                case "java.lang.InterruptedException", "java.nio.channels.ClosedByInterruptException",
                     "java.util.concurrent.CancellationException":
                    return Verdict.IGNORED;
                case "java.sql.SQLException":
                    return SqlErrors.judge(error);
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
                        return redisVerdict(error.getMessage());
                    }
            }
        }
        return io ? Verdict.COUNTS : Verdict.UNDECIDED;
    }

    private static Verdict redisVerdict(String message) {
        if (message != null) {
            for (String prefix : REDIS_CALLER_ERRORS) {
                if (message.startsWith(prefix)) {
                    return Verdict.IGNORED;
                }
            }
        }
        return Verdict.COUNTS;
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
        private static final List<String> CALLER_ERROR_CLASSES = List.of("22", "23", "40", "42");

        static Verdict judge(Throwable error) {
            SQLException sql = (SQLException) error;
            if (sql instanceof SQLDataException || sql instanceof SQLIntegrityConstraintViolationException
                || sql instanceof SQLTransactionRollbackException || sql instanceof SQLSyntaxErrorException) {
                return Verdict.IGNORED;
            }
            String state = sql.getSQLState();
            if (state == null || state.length() < 2) {
                return Verdict.COUNTS;
            }
            return CALLER_ERROR_CLASSES.contains(state.substring(0, 2)) ? Verdict.IGNORED : Verdict.COUNTS;
        }
    }
}
