package io.bulwark.instrumentation.lettuce;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.bootstrap.DownstreamCall;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.internal.ExceptionFactory;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.RedisCommand;

import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;

/**
 * Records a command's outcome when it completes (on lettuce's event loop). An error reply completes a future
 * exceptionally but a reactive command normally, with the error in its output; both are recorded as the
 * RedisCommandExecutionException the caller sees, which the classifier judges by its message (WRONGTYPE is the
 * caller's bug, LOADING or OOM the server's trouble).
 */
final class CommandOutcome implements BiConsumer<Object, Throwable> {

    private final DownstreamCall call;
    private final RedisCommand<?, ?, ?> command;

    CommandOutcome(DownstreamCall call, RedisCommand<?, ?, ?> command) {
        this.call = call;
        this.command = command;
    }

    @Override
    public void accept(Object result, Throwable error) {
        try {
            if (error == null) {
                CommandOutput<?, ?, ?> output = command.getOutput();
                if (output != null && output.hasError()) {
                    call.failure(ExceptionFactory.createExecutionException(output.getError()));
                } else {
                    call.success();
                }
            } else if (error instanceof CancellationException && LettuceCalls.inSyncWait()) {
                call.failure(new RedisCommandTimeoutException("Command cancelled by the sync API at its timeout"));
            } else {
                call.failure(error);
            }
        } catch (Throwable internal) {
            Bulwark.reportError("lettuce.outcome", internal);
        }
    }
}
