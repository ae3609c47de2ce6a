package io.bulwark.instrumentation.undertow;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code io.undertow.server.Connectors.executeRootHandler}, which Undertow runs once when a request
 * arrives and again each time the exchange is dispatched to another thread. The helper tells the two apart.
 */
public final class ExecuteRootHandlerAdvice {

    private ExecuteRootHandlerAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) HttpHandler handler,
                               @Advice.Argument(1) HttpServerExchange exchange) {
        return UndertowInbound.enter(handler, exchange);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Argument(0) HttpHandler handler, @Advice.Enter Object mdcPrevious) {
        UndertowInbound.exit(handler, mdcPrevious);
    }
}
