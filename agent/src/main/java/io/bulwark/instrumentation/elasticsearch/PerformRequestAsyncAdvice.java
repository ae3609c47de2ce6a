package io.bulwark.instrumentation.elasticsearch;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code ElasticsearchTransportBase.performRequestAsync}. A refused request is not sent: the enter
 * advice returns an IOException, which skips the method, and the exit advice returns a future failed with it.
 */
public final class PerformRequestAsyncAdvice {

    private PerformRequestAsyncAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Throwable.class, suppress = Throwable.class)
    public static Object enter(@Advice.This Object transport) {
        return ElasticsearchCalls.start(transport);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Enter Object entered,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
                            @Advice.Thrown Throwable thrown) {
        if (entered instanceof Throwable) {
            returned = ElasticsearchCalls.failedFuture((Throwable) entered);
        } else {
            returned = ElasticsearchCalls.issued(entered, returned, thrown);
        }
    }
}
