package io.bulwark.instrumentation.undertow;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.bootstrap.InboundHttp;
import io.bulwark.bootstrap.InboundRequest;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/**
 * Injected into Undertow's class loader; its hook goes into {@code io.undertow.server.Connectors.executeRootHandler},
 * which Undertow runs once when a request arrives and again each time the exchange is dispatched to another thread.
 * Starts the pipeline the first time an exchange reaches a root handler and,
 * on every thread that runs the exchange, keeps the request ID in the application's MDC while the handler runs.
 */
public final class UndertowInbound {

    static final AttachmentKey<UndertowExchange> EXCHANGE = AttachmentKey.create(UndertowExchange.class);

    private UndertowInbound() {
    }

    /**
     * Returns the exchange's view, handed to {@link #handlerFor} and {@link #exit} (so they need not look it up
     * again among the exchange's attachments), or null when the agent did nothing.
     */
    public static Object enter(Object rootHandler, Object serverExchange) {
        try {
            HttpHandler handler = (HttpHandler) rootHandler;
            HttpServerExchange exchange = (HttpServerExchange) serverExchange;
            InboundHttp inbound = Bulwark.inbound();
            if (!inbound.active()) {
                return null;
            }
            UndertowExchange view = exchange.getAttachment(EXCHANGE);
            if (view == null) {
                view = UndertowExchange.begin(inbound, exchange, handler.getClass());
                if (view == null) {
                    return null;
                }
            }
            view.handlerThread(Thread.currentThread());
            InboundRequest.setCurrent(view.request());
            // set, not put-and-restore: root handlers never nest on a thread, so no value of ours is there to keep
            view.mdc().set(inbound.mdcKey(), view.request().requestId());
            return view;
        } catch (Throwable error) {
            Bulwark.reportError("undertow.enter", error);
            return null;
        }
    }

    /** The application's handler, or the agent's answer when the pipeline answered the request. */
    public static Object handlerFor(Object handler, Object entered) {
        if (!(entered instanceof UndertowExchange view) || !view.request().answeredByAgent()
            || handler instanceof AgentAnswer) {
            return handler;
        }
        return new AgentAnswer(view.request());
    }

    /** Undoes {@link #enter} on this thread (Undertow never nests two exchanges on one thread). */
    public static void exit(Object entered) {
        if (!(entered instanceof UndertowExchange view)) {
            return;
        }
        view.mdc().remove(Bulwark.inbound().mdcKey());
        InboundRequest.restore(null);
        if (view.handlerThread() == Thread.currentThread()) {
            view.handlerThread(null);
        }
    }
}
