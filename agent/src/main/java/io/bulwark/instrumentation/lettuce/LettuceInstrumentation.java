package io.bulwark.instrumentation.lettuce;

import io.bulwark.instrumentation.Candidates;
import io.bulwark.instrumentation.ClientServices;
import io.bulwark.instrumentation.Hook;
import io.bulwark.instrumentation.LibraryInstrumentation;
import io.bulwark.instrumentation.Transformations;

import static io.bulwark.instrumentation.Hook.Value.ENTERED;
import static io.bulwark.instrumentation.Hook.Value.RETURNED;
import static io.bulwark.instrumentation.Hook.Value.THIS;
import static io.bulwark.instrumentation.Hook.Value.THROWN;
import static io.bulwark.instrumentation.Hook.Value.argument;
import static io.bulwark.instrumentation.Matchers.isStatic;
import static io.bulwark.instrumentation.Matchers.named;
import static io.bulwark.instrumentation.Matchers.takesArgument;
import static io.bulwark.instrumentation.Matchers.takesArguments;

/**
 * lettuce-core 7.x commands (written against 7.7), service "redis". Every command of the sync, async and reactive
 * APIs (standalone, sentinel, cluster and master/replica connections) is handed to
 * {@code RedisChannelHandler.dispatch(RedisCommand)} before it reaches the connection's writer, and batches to
 * {@code dispatch(Collection)}, so the breaker is consulted there once per command. The sync API's own wait
 * ({@code Futures.awaitOrCancel}) is marked so that a command it cancels at its timeout counts as the timeout it is,
 * not as a caller's cancellation.
 *
 * <p>The agent's own Redis connections must never go through the application's lettuce: a lettuce bundled in the
 * agent is to be relocated under io.bulwark (which the agent never instruments), with this package kept out of that
 * relocation (it must keep naming the application's io.lettuce).
 */
public final class LettuceInstrumentation implements LibraryInstrumentation {

    private static final String CHANNEL_HANDLER = "io.lettuce.core.RedisChannelHandler";
    private static final String CONNECTION_BUILDER = "io.lettuce.core.ConnectionBuilder";
    private static final String FUTURES = "io.lettuce.core.internal.Futures";

    @Override
    public String name() {
        return "lettuce";
    }

    @Override
    public Candidates candidates() {
        return Candidates.named(CHANNEL_HANDLER, CONNECTION_BUILDER, FUTURES);
    }

    @Override
    public Transformations extend(Transformations transformations) {
        // CommandOutcome by name: it implements netty's TimerTask, so loading it here, in the agent's class loader,
        // would fail in every application without netty (and stop the agent from starting)
        String[] helperClasses = {LettuceCalls.class.getName(),
            LettuceInstrumentation.class.getPackageName() + ".CommandOutcome", ClientServices.class.getName()};
        String calls = LettuceCalls.class.getName();
        return transformations.type(named(CHANNEL_HANDLER))
            .inject(helperClasses)
            // a command the breaker refuses is not written but completed with the failure, and handed back
            .hook(named("dispatch").and(takesArguments(1))
                    .and(takesArgument(0, "io.lettuce.core.protocol.RedisCommand")),
                Hook.into(calls).enter("dispatching", THIS, argument(0)).skipWhen("refuses")
                    .exitReplacingReturn("dispatched", argument(0), ENTERED, RETURNED, THROWN))
            .hook(named("dispatch").and(takesArguments(1)).and(takesArgument(0, "java.util.Collection")),
                Hook.into(calls).replaceArgument(0, "dispatchingAll", THIS, argument(0)))
            .type(named(CONNECTION_BUILDER))
            .inject(helperClasses)
            .hook(named("build").and(takesArguments(1)), Hook.into(calls).enter("building", THIS, argument(0)))
            .type(named(FUTURES))
            .inject(helperClasses)
            .hook(named("awaitOrCancel").and(isStatic()).and(takesArguments(3)),
                Hook.into(calls).enter("syncWaitStarts").exit("syncWaitEnds"));
    }
}
