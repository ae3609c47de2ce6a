package io.bulwark.instrumentation.lettuce;

import io.bulwark.instrumentation.Advices;
import io.bulwark.instrumentation.Candidates;
import io.bulwark.instrumentation.ClientServices;
import io.bulwark.instrumentation.HelperInjector;
import io.bulwark.instrumentation.LibraryInstrumentation;
import io.bulwark.instrumentation.Transformations;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

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
    public Transformations extend(Transformations transformations, HelperInjector helpers, Advices advice) {
        // CommandOutcome by name: it implements netty's TimerTask, so loading it here, in the agent's class loader,
        // would fail in every application without netty (and stop the agent from starting)
        String[] helperClasses = {LettuceCalls.class.getName(),
            LettuceInstrumentation.class.getPackageName() + ".CommandOutcome", ClientServices.class.getName()};
        return transformations.type(named(CHANNEL_HANDLER))
            .transform(helpers.helpers(helperClasses))
            .transform(advice.on(named("dispatch").and(takesArguments(1))
                .and(takesArgument(0, named("io.lettuce.core.protocol.RedisCommand"))), DispatchAdvice.class.getName()))
            .transform(advice.on(named("dispatch").and(takesArguments(1))
                .and(takesArgument(0, named("java.util.Collection"))), DispatchAllAdvice.class.getName()))
            .type(named(CONNECTION_BUILDER))
            .transform(helpers.helpers(helperClasses))
            .transform(advice.on(named("build").and(takesArguments(1)), ConnectionBuildAdvice.class.getName()))
            .type(named(FUTURES))
            .transform(helpers.helpers(helperClasses))
            .transform(advice.on(named("awaitOrCancel").and(isStatic()).and(takesArguments(3)),
                AwaitOrCancelAdvice.class.getName()));
    }
}
