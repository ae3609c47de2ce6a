package io.bulwark.core.breaker;

import io.bulwark.core.breaker.CircuitBreaker.State;
import io.bulwark.core.config.CircuitBreakerConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureClassifierTest {

    private final FailureClassifier classifier = FailureClassifier.DEFAULTS;

    /** Like lettuce's RedisBusyException: a subclass of the command-execution error. */
    static final class RedisBusyException extends RedisCommandExecutionException {
        RedisBusyException(String message) {
            super(message);
        }
    }

    @Test
    void outagesCount() {
        assertTrue(classifier.counts(new ConnectException("Connection refused")));
        assertTrue(classifier.counts(new SocketTimeoutException("Read timed out")));
        assertTrue(classifier.counts(new TimeoutException()));
        assertTrue(classifier.counts(new ExecutionException(new IOException("broken pipe"))));
        assertTrue(classifier.counts(new UncheckedIOException(new IOException("reset"))));
        assertTrue(classifier.counts(new RuntimeException("no rule knows this one")));
        assertTrue(classifier.counts(new SQLTransientConnectionException("pool exhausted")));
        assertTrue(classifier.counts(new SQLNonTransientConnectionException("refused", "08001")));
        assertTrue(classifier.counts(new SQLException("terminating connection", "57P01")));
        assertTrue(classifier.counts(new SQLException("no state")));
        assertTrue(classifier.counts(new RedisCommandExecutionException("LOADING Redis is loading the dataset")));
        assertTrue(classifier.counts(new RedisBusyException("BUSY Redis is busy running a script")));
    }

    @Test
    void callerMistakesDoNotCount() {
        assertFalse(classifier.counts(new RedisCommandExecutionException(
            "WRONGTYPE Operation against a key holding the wrong kind of value")));
        assertFalse(classifier.counts(new RedisCommandExecutionException("ERR unknown command 'FOO'")));
        assertFalse(classifier.counts(new SQLException("duplicate key value violates unique constraint", "23505")));
        assertFalse(classifier.counts(new SQLIntegrityConstraintViolationException("duplicate")));
        assertFalse(classifier.counts(new SQLException("relation \"nope\" does not exist", "42P01")));
        assertFalse(classifier.counts(new SQLSyntaxErrorException("syntax error")));
        assertFalse(classifier.counts(new SQLException("invalid input syntax for type integer", "22P02")));
        assertFalse(classifier.counts(new SQLException("could not serialize access", "40001")));
        assertFalse(classifier.counts(new ExecutionException(new SQLException("wrapped", "23503"))));
    }

    @Test
    void aCallerThatGaveUpDoesNotCount() {
        assertFalse(classifier.counts(new InterruptedException()));
        assertFalse(classifier.counts(new RuntimeException("Command interrupted", new InterruptedException())));
        assertFalse(classifier.counts(new ClosedByInterruptException()));
        assertFalse(classifier.counts(new CancellationException()));
    }

    @Test
    void anIoErrorCountsWhateverItsCause() {
        assertTrue(classifier.counts(new IOException("aborted", new CancellationException())));
    }

    @Test
    void aCyclicCauseChainEnds() {
        RuntimeException first = new RuntimeException("a");
        RuntimeException second = new RuntimeException("b", first);
        first.initCause(second);
        assertTrue(classifier.counts(first));
    }

    @Test
    void errorsThatDoNotCountLeaveTheBreakerClosed() {
        TestBreakers t = new TestBreakers();
        t.fail("redis", 10, new RedisCommandExecutionException("WRONGTYPE Operation against a key holding the wrong kind of value"));
        t.fail("database", 10, new SQLException("duplicate key value violates unique constraint", "23505"));
        assertEquals(State.CLOSED, t.state("redis"));
        assertEquals(State.CLOSED, t.state("database"));
        assertEquals(10, t.calls("redis", "command", "ignored_error"));
        assertEquals(10, t.calls("database", "command", "ignored_error"));
        assertEquals(0, t.calls("redis", "command", "failure"));
        assertEquals(10, t.timed("redis", "command"), "an ignored error was still a call");
    }

    @Test
    void configuredClassesComeBeforeTheBuiltInRules() {
        CircuitBreakerConfig d = CircuitBreakerConfig.defaults();
        FailureClassifier configured = FailureClassifier.of(new CircuitBreakerConfig(true, 5, d.openTimeout(), 2, 2,
            d.callTimeout(), null, null, null, 20, 10, d.services(), List.of("java.net.SocketTimeoutException"),
            List.of("java.sql.SQLIntegrityConstraintViolationException"), d.ignoreSqlStates(), d.ignoreRedisErrors()),
            "database");
        assertFalse(configured.counts(new SocketTimeoutException("slow on purpose")), "ignored by configuration");
        assertFalse(configured.counts(new RuntimeException(new SocketTimeoutException())), "also as a cause");
        assertTrue(configured.counts(new ConnectException("refused")), "other I/O errors still count");
        assertTrue(configured.counts(new java.sql.SQLIntegrityConstraintViolationException("dup", "23505")),
            "recorded by configuration although the built-in rule ignores constraint violations");
        assertFalse(configured.counts(new java.sql.SQLException("syntax", "42601")), "built-in rules still apply");
    }
}
