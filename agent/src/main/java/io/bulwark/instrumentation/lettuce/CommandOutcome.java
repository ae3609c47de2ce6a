package io.bulwark.instrumentation.lettuce;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.bootstrap.DownstreamCall;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.internal.ExceptionFactory;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.RedisCommand;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Records a command's outcome when it completes (on lettuce's event loop). An error reply completes a future
 * exceptionally but a reactive command normally, with the error in its output; both are recorded as the
 * RedisCommandExecutionException the caller sees, which the classifier judges by its message (WRONGTYPE is the
 * caller's bug, LOADING or OOM the server's trouble). Also the command's call_timeout bound: one object per command
 * for both, on the command's own completion callback.
 */
final class CommandOutcome implements BiConsumer<Object, Throwable>, TimerTask {

    private final DownstreamCall call;
    private final RedisCommand<?, ?, ?> command;
    /** The call_timeout bound, when there is one: set before the command is written, cancelled when it completes. */
    private volatile Timeout bound;
    private long boundMillis;

    CommandOutcome(DownstreamCall call, RedisCommand<?, ?, ?> command) {
        this.call = call;
        this.command = command;
    }

    /** Completes the command with lettuce's own timeout failure after millis, unless it completes first. */
    void bound(Timer timer, long millis) {
        boundMillis = millis;
        bound = timer.newTimeout(this, millis, TimeUnit.MILLISECONDS);
    }

    /** The bound expired (on lettuce's timer thread). */
    @Override
    public void run(Timeout expired) {
        if (!command.isDone()) {
            command.completeExceptionally(ExceptionFactory.createTimeoutException(Duration.ofMillis(boundMillis)));
        }
    }

    @Override
    public void accept(Object result, Throwable error) {
        Timeout timeout = bound;
        if (timeout != null) {
            timeout.cancel();
        }
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
