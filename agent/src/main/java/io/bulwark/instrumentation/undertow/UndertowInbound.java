package io.bulwark.instrumentation.undertow;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.bootstrap.InboundHttp;
import io.bulwark.bootstrap.Mdc;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/**
 * Injected into Undertow's class loader. Starts the pipeline the first time an exchange reaches a root handler and,
 * on every thread that runs the exchange, keeps the request ID in the application's MDC while the handler runs.
 */
public final class UndertowInbound {

    static final AttachmentKey<UndertowExchange> EXCHANGE = AttachmentKey.create(UndertowExchange.class);

    private UndertowInbound() {
    }

    /** Returns the MDC value to restore on exit, or null when there is nothing to undo. */
    public static Object enter(HttpHandler handler, HttpServerExchange exchange) {
        try {
            InboundHttp inbound = Bulwark.inbound();
            if (!inbound.active()) {
                return null;
            }
            UndertowExchange view = exchange.getAttachment(EXCHANGE);
            if (view == null) {
                view = UndertowExchange.begin(inbound, exchange);
                if (view == null) {
                    return null;
                }
            }
            return Mdc.put(handler.getClass(), inbound.mdcKey(), view.request().requestId());
        } catch (Throwable error) {
            Bulwark.reportError("undertow.enter", error);
            return null;
        }
    }

    public static void exit(HttpHandler handler, Object mdcPrevious) {
        if (mdcPrevious != null) {
            Mdc.restore(handler.getClass(), Bulwark.inbound().mdcKey(), mdcPrevious);
        }
    }
}
