package io.bulwark.instrumentation.lettuce;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.bootstrap.DownstreamCall;
import io.bulwark.bootstrap.InboundRequest;
import io.bulwark.instrumentation.ClientServices;
import io.lettuce.core.ConnectionBuilder;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.protocol.CompleteableCommand;
import io.lettuce.core.protocol.RedisCommand;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * Injected into lettuce's class loader; what the hooks in {@link LettuceInstrumentation} call. A refused
 * command fails with lettuce's own {@link RedisConnectionException}, as when the server cannot be reached: sync
 * callers get it thrown, async callers a failed future, reactive subscribers an error signal.
 *
 * <p>A connection's service is found from the host:port it connects to (its RedisURI, or the address sentinel
 * resolved), remembered when lettuce builds its channel. A command still running at the service's call_timeout is
 * completed with lettuce's own {@code RedisCommandTimeoutException}, as lettuce's TimeoutOptions do (on lettuce's
 * timer), when the connection's own timeout is longer; blocking commands (BLPOP,
 * XREAD, WAIT...), which wait by design, are left to the application's timeouts.
 */
public final class LettuceCalls {

    static final String OPERATION = "command";
    private static final ClientServices SERVICES = new ClientServices("redis");
    private static final Set<String> BLOCKING = Set.of("BLPOP", "BRPOP", "BRPOPLPUSH", "BLMOVE", "BLMPOP", "BZPOPMIN",
        "BZPOPMAX", "BZMPOP", "XREAD", "XREADGROUP", "WAIT", "WAITAOF", "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE");

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
            String service = SERVICES.remembered(connection);
            DownstreamCall call = Bulwark.downstream().start(service, OPERATION);
            if (!call.permitted()) {
                return new RedisConnectionException("Redis command not sent: the circuit breaker for " + service
                    + " is open");
            }
            if (call == DownstreamCall.UNPROTECTED) {
                return null;
            }
            CommandOutcome outcome = new CommandOutcome(call, (RedisCommand<?, ?, ?>) command);
            try {
                completeable.onComplete(outcome);
            } catch (RuntimeException | Error error) {
                call.failure(new CancellationException("outcome not observable"));
                throw error;
            }
            bound(connection, (RedisCommand<?, ?, ?>) command, outcome, service);
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
    public static Object dispatchingAll(Object connection, Object batch) {
        Collection<?> commands = (Collection<?>) batch;
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

    /** Whether {@link #dispatching} refused the command (it returned the failure): {@code dispatch} is skipped. */
    public static boolean refuses(Object entered) {
        return entered instanceof Throwable;
    }

    /** Leaves {@code dispatch}: returns what it returns, the failed command when it was refused. */
    public static Object dispatched(Object command, Object entered, Object returned, Object thrown) {
        if (entered instanceof Throwable refusal) {
            return refuse(command, refusal);
        }
        if (thrown != null && entered instanceof DownstreamCall call) {
            // dispatch threw: the command may never complete, so its call ends here (a later end is ignored)
            call.failure((Throwable) thrown);
        }
        return returned;
    }

    /** The command is failed instead of written, and handed back as {@code dispatch} would have. */
    public static Object refuse(Object command, Throwable failure) {
        ((RedisCommand<?, ?, ?>) command).completeExceptionally(failure);
        return command;
    }

    /**
     * Lettuce builds a connection's channel (at connect and reconnect): remembers the connection's target. Returns
     * nothing of use (an enter helper returns an Object).
     */
    public static Object building(Object builder, Object address) {
        try {
            ConnectionBuilder connectionBuilder = (ConnectionBuilder) builder;
            SERVICES.remember(connectionBuilder.connection(), target(connectionBuilder.getRedisURI(), address));
        } catch (Throwable error) {
            Bulwark.reportError("lettuce.connect", error);
        }
        return null;
    }

    private static String target(RedisURI uri, Object address) {
        if (uri != null && uri.getHost() != null) {
            return uri.getHost() + ":" + uri.getPort();
        }
        return address instanceof InetSocketAddress socket ? socket.getHostString() + ":" + socket.getPort() : null;
    }

    /**
     * Completes the command with lettuce's timeout failure at call_timeout, unless lettuce times it out first. On
     * lettuce's own hashed-wheel timer, as lettuce's TimeoutOptions do: adding and cancelling a timeout is a lock-free
     * enqueue that wakes no thread, where scheduling on an event loop would wake it for every command.
     */
    private static void bound(Object connection, RedisCommand<?, ?, ?> command, CommandOutcome outcome,
                              String service) {
        long millis = Bulwark.downstream().callTimeoutMillis(service);
        if (millis <= 0 || !(connection instanceof RedisChannelHandler<?, ?> handler)
            || command.getType() == null || BLOCKING.contains(command.getType().toString())) {
            return;
        }
        Duration own = handler.getTimeout();
        if (own != null && !own.isZero() && !own.isNegative() && own.toMillis() <= millis) {
            return;
        }
        outcome.bound(handler.getResources().timer(), millis);
    }

    /**
     * The sync API starts waiting. Set and cleared, never removed: removing would allocate a new ThreadLocal entry
     * for every sync command. Returns nothing of use (an enter helper returns an Object).
     */
    public static Object syncWaitStarts() {
        SYNC_WAIT.set(Boolean.TRUE);
        return null;
    }

    public static void syncWaitEnds() {
        SYNC_WAIT.set(Boolean.FALSE);
    }

    static boolean inSyncWait() {
        return SYNC_WAIT.get() == Boolean.TRUE;
    }

    private static boolean fansOut(Object connection) {
        return connection instanceof RedisChannelHandler<?, ?> handler && handler.getChannelWriter() != null
            && handler.getChannelWriter().getClass().getName().endsWith(FAN_OUT_WRITER);
    }

}
