package io.bulwark.instrumentation.lettuce;

import io.bulwark.bootstrap.InboundRequest;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deadline guard in front of lettuce's dispatch (the breaker part runs end to end in the integration tests). */
class LettuceCallsTest {

    @Test
    void aCommandIssuedAfterTheRequestsDeadlineFailsWithoutBeingSent() {
        AsyncCommand<String, String, String> command = get();
        InboundRequest previous = InboundRequest.enter(requestWithDeadline(System.nanoTime() - 1_000_000));
        Object entered;
        try {
            entered = LettuceCalls.dispatching(null, command);
        } finally {
            InboundRequest.restore(previous);
        }
        RedisConnectionException refusal = assertInstanceOf(RedisConnectionException.class, entered);
        assertTrue(refusal.getMessage().contains("deadline has passed"), refusal.getMessage());

        assertSame(command, LettuceCalls.refuse(command, refusal));
        ExecutionException failed = assertThrows(ExecutionException.class, command::get);
        assertSame(refusal, failed.getCause());
    }

    @Test
    void aCommandBeforeTheDeadlineGoesOutUntouchedWhenTheAgentIsNotRunning() {
        AsyncCommand<String, String, String> command = get();
        InboundRequest previous = InboundRequest.enter(requestWithDeadline(System.nanoTime() + 60_000_000_000L));
        try {
            assertNull(LettuceCalls.dispatching(null, command));
        } finally {
            InboundRequest.restore(previous);
        }
        assertNull(LettuceCalls.dispatching(null, command), "no inbound request, no deadline");
        assertFalse(command.isDone());
    }

    private static AsyncCommand<String, String, String> get() {
        // no output and no codec: the command is never written (the codecs need netty, absent here)
        return new AsyncCommand<>(new Command<>(CommandType.GET, null));
    }

    private static InboundRequest requestWithDeadline(long deadlineNanos) {
        return new InboundRequest(System.nanoTime()) {
            {
                deadlineNanos(deadlineNanos);
            }
        };
    }
}
