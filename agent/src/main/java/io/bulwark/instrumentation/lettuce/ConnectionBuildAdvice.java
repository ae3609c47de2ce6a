package io.bulwark.instrumentation.lettuce;

import net.bytebuddy.asm.Advice;

/** Inlined into {@code io.lettuce.core.ConnectionBuilder.build(SocketAddress)}, run when a channel is built. */
public final class ConnectionBuildAdvice {

    private ConnectionBuildAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object builder, @Advice.Argument(0) Object address) {
        LettuceCalls.building(builder, address);
    }
}
