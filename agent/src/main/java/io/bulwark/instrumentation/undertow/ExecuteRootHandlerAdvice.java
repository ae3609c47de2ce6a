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

    /** Replaces the handler by the agent's own answer when the pipeline answered the request (e.g. a 429). */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(value = 0, readOnly = false) HttpHandler handler,
                               @Advice.Argument(1) HttpServerExchange exchange) {
        Object entered = UndertowInbound.enter(handler, exchange);
        handler = UndertowInbound.handlerFor(handler, exchange);
        return entered;
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Argument(1) HttpServerExchange exchange, @Advice.Enter Object entered) {
        UndertowInbound.exit(exchange, entered);
    }
}
