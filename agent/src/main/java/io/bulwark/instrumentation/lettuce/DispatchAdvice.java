package io.bulwark.instrumentation.lettuce;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code io.lettuce.core.RedisChannelHandler.dispatch(RedisCommand)}. A command the breaker (or the
 * inbound request's passed deadline) refuses is not written: the enter advice returns the failure, which skips the
 * method, and the exit advice fails the command with it and returns it as if it had been dispatched.
 */
public final class DispatchAdvice {

    private DispatchAdvice() {
    }

    /** Returns the command's DownstreamCall, the failure to complete it with instead of sending it, or null. */
    @Advice.OnMethodEnter(skipOn = Throwable.class, suppress = Throwable.class)
    public static Object enter(@Advice.This Object connection, @Advice.Argument(0) Object command) {
        return LettuceCalls.dispatching(connection, command);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Argument(0) Object command, @Advice.Enter Object entered,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
                            @Advice.Thrown Throwable thrown) {
        if (entered instanceof Throwable) {
            returned = LettuceCalls.refuse(command, (Throwable) entered);
        } else if (thrown != null) {
            LettuceCalls.thrown(entered, thrown);
        }
    }
}
