package io.bulwark.instrumentation.lettuce;

import io.bulwark.bootstrap.DownstreamCall;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandType;
import io.netty.util.HashedWheelTimer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The call_timeout bound of a lettuce command, on a netty hashed-wheel timer such as lettuce's own. */
class CommandOutcomeTest {

    private final HashedWheelTimer timer = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
    private final RecordedCall call = new RecordedCall();

    @AfterEach
    void stopTimer() {
        timer.stop();
    }

    @Test
    void aCommandStillRunningAtItsBoundFailsWithLettucesTimeoutAndIsRecorded() {
        AsyncCommand<String, String, String> command = new AsyncCommand<>(new Command<>(CommandType.GET, null));
        CommandOutcome outcome = new CommandOutcome(call, command);
        command.onComplete(outcome);
        long start = System.nanoTime();
        outcome.bound(timer, 100);

        ExecutionException failed = assertThrows(ExecutionException.class, () -> command.get(5, TimeUnit.SECONDS));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        RedisCommandTimeoutException timeout = assertInstanceOf(RedisCommandTimeoutException.class, failed.getCause());
        assertEquals("Command timed out after 100 millisecond(s)", timeout.getMessage());
        assertTrue(millis >= 90 && millis < 2_000, "timed out after " + millis + " ms");
        // recorded by the completion callback, which runs on the timer's thread just after the future completes
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (call.events.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(List.of("failure:" + RedisCommandTimeoutException.class.getName()), call.events);
    }

    @Test
    void aCommandThatCompletesFirstCancelsItsBound() throws Exception {
        AsyncCommand<String, String, String> command = new AsyncCommand<>(new Command<>(CommandType.GET, null));
        CommandOutcome outcome = new CommandOutcome(call, command);
        command.onComplete(outcome);
        outcome.bound(timer, 60_000);

        command.complete();

        assertEquals(List.of("success"), call.events);
        assertTrue(timer.stop().isEmpty(), "no timeout left pending on lettuce's timer");
    }

    private static final class RecordedCall implements DownstreamCall {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public boolean permitted() {
            return true;
        }

        @Override
        public void success() {
            events.add("success");
        }

        @Override
        public void failure(Throwable error) {
            events.add("failure:" + error.getClass().getName());
        }
    }
}
