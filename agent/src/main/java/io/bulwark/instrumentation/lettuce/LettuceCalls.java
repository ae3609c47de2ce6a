package io.bulwark.instrumentation.lettuce;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.bootstrap.DownstreamCall;
import io.bulwark.bootstrap.InboundRequest;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.protocol.CompleteableCommand;
import io.lettuce.core.protocol.RedisCommand;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Injected into lettuce's class loader; what {@link DispatchAdvice} and {@link AwaitOrCancelAdvice} call. A refused
 * command fails with lettuce's own {@link RedisConnectionException}, as when the server cannot be reached: sync
 * callers get it thrown, async callers a failed future, reactive subscribers an error signal.
 */
public final class LettuceCalls {

    static final String SERVICE = "redis";
    static final String OPERATION = "command";

    /** Master/replica connections hand each command on to a node connection's dispatch, which records it. */
    private static final String FAN_OUT_WRITER = "MasterReplicaChannelWriter";

    /** Set while the sync API waits for a command; a cancellation it makes then is its timeout. */
    private static final ThreadLocal<Boolean> SYNC_WAIT = new ThreadLocal<>();

    private LettuceCalls() {
    }

    /**
     * Before a command is written: its {@link DownstreamCall} (whose outcome is recorded when the command
     * completes), or the failure to complete it with instead of sending it, or null when the agent stays out.
     */
    public static Object dispatching(Object connection, Object command) {
        try {
            if (!(command instanceof CompleteableCommand<?> completeable) || !(command instanceof RedisCommand<?, ?, ?>)
                || fansOut(connection)) {
                return null;
            }
            if (InboundRequest.currentDeadlinePassed()) {
                return new RedisConnectionException("Redis command not sent: the request's deadline has passed");
            }
            DownstreamCall call = Bulwark.downstream().start(SERVICE, OPERATION);
            if (!call.permitted()) {
                return new RedisConnectionException("Redis command not sent: the circuit breaker for redis is open");
            }
            if (call == DownstreamCall.UNPROTECTED) {
                return null;
            }
            try {
                completeable.onComplete(new CommandOutcome(call, (RedisCommand<?, ?, ?>) command));
            } catch (RuntimeException | Error error) {
                call.failure(new CancellationException("outcome not observable"));
                throw error;
            }
            return call;
        } catch (Throwable error) {
            Bulwark.reportError("lettuce.dispatch", error);
            return null;
        }
    }

    /**
     * Before a batch is written: {@link #dispatching} for each command; returns the commands to write, without the
     * refused ones, which are failed. (Writing a batch reports failures through the commands, never by throwing.)
     */
    public static Collection<?> dispatchingAll(Object connection, Collection<?> commands) {
        if (commands == null || commands.isEmpty() || fansOut(connection)) {
            return commands;
        }
        List<Object> toWrite = new ArrayList<>(commands.size());
        for (Object command : commands) {
            Object entered = dispatching(connection, command);
            if (entered instanceof Throwable failure) {
                refuse(command, failure);
            } else {
                toWrite.add(command);
            }
        }
        return toWrite.size() == commands.size() ? commands : toWrite;
    }

    /** The command is failed instead of written, and handed back as {@code dispatch} would have. */
    public static Object refuse(Object command, Throwable failure) {
        ((RedisCommand<?, ?, ?>) command).completeExceptionally(failure);
        return command;
    }

    /** {@code dispatch} threw: the command may never complete, so its call ends here (a later end is ignored). */
    public static void thrown(Object entered, Throwable thrown) {
        if (entered instanceof DownstreamCall call) {
            call.failure(thrown);
        }
    }

    public static void syncWait(boolean waiting) {
        if (waiting) {
            SYNC_WAIT.set(Boolean.TRUE);
        } else {
            SYNC_WAIT.remove();
        }
    }

    static boolean inSyncWait() {
        return SYNC_WAIT.get() != null;
    }

    private static boolean fansOut(Object connection) {
        return connection instanceof RedisChannelHandler<?, ?> handler && handler.getChannelWriter() != null
            && handler.getChannelWriter().getClass().getName().endsWith(FAN_OUT_WRITER);
    }

}
