package io.bulwark.instrumentation.lettuce;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

import java.util.Collection;

/**
 * Inlined into {@code io.lettuce.core.RedisChannelHandler.dispatch(Collection)} (batches: lettuce's command
 * batching, failover connections). Each command is judged on its own; the refused ones are failed and left out of
 * the batch that is written.
 */
public final class DispatchAllAdvice {

    private DispatchAllAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object connection,
                             @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC)
                             Collection<?> commands) {
        commands = LettuceCalls.dispatchingAll(connection, commands);
    }
}
