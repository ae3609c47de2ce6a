package io.bulwark.instrumentation.lettuce;

import net.bytebuddy.asm.Advice;

/** Inlined into {@code io.lettuce.core.internal.Futures.awaitOrCancel}, the sync API's bounded wait. */
public final class AwaitOrCancelAdvice {

    private AwaitOrCancelAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {
        LettuceCalls.syncWait(true);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit() {
        LettuceCalls.syncWait(false);
    }
}
