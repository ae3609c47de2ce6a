package io.bulwark.instrumentation.elasticsearch;

import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ElasticsearchTransportBase.performRequest}. A refused request is not sent: the enter advice
 * returns an IOException, which skips the method, and the exit advice throws it in place of a result.
 */
public final class PerformRequestAdvice {

    private PerformRequestAdvice() {
    }

    /** Returns the request's DownstreamCall, the IOException to throw instead of sending it, or null. */
    @Advice.OnMethodEnter(skipOn = Throwable.class, suppress = Throwable.class)
    public static Object enter(@Advice.This Object transport) {
        return ElasticsearchCalls.start(transport);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Enter Object entered, @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (entered instanceof Throwable) {
            thrown = (Throwable) entered;
        } else {
            ElasticsearchCalls.ended(entered, thrown);
        }
    }
}
