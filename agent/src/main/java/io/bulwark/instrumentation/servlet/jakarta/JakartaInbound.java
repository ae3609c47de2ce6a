package io.bulwark.instrumentation.servlet.jakarta;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.bootstrap.InboundHttp;
import io.bulwark.bootstrap.InboundRequest;
import io.bulwark.instrumentation.servlet.ThreadScope;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Injected beside the jakarta.servlet API (and beside a web application's filters). The outermost servlet or filter
 * that a request reaches starts the pipeline; the nested ones see the request already current on the thread and do
 * nothing. So does a servlet container running on Undertow core, whose instrumentation already handles the request.
 * A later dispatch of the same request (async, error page) on another thread only brings back its request ID.
 */
public final class JakartaInbound {

    /** Marks a request the pipeline has started; the value is its InboundRequest (a type every class loader sees). */
    private static final String STARTED = "io.bulwark.inbound-request";

    private JakartaInbound() {
    }

    /** Returns what {@link #exit} needs: a {@link JakartaExchange} for the outermost entry, a {@link ThreadScope}, or null. */
    public static Object enter(Object application, Object servletRequest, Object servletResponse) {
        try {
            InboundHttp inbound = Bulwark.inbound();
            if (!inbound.active() || InboundRequest.current() != null
                || !(servletRequest instanceof HttpServletRequest request)
                || !(servletResponse instanceof HttpServletResponse httpResponse)) {
                return null;
            }
            Object started = request.getAttribute(STARTED);
            if (started instanceof InboundRequest call) {
                return ThreadScope.enter(application.getClass(), inbound.mdcKey(), call);
            }
            if (request.getDispatcherType() != DispatcherType.REQUEST) {
                return null;
            }
            JakartaExchange exchange = JakartaExchange.begin(inbound, request, httpResponse);
            if (exchange == null) {
                return null;
            }
            request.setAttribute(STARTED, exchange.call());
            exchange.enterThread(application.getClass());
            if (exchange.call().answeredByAgent()) {
                answer(exchange);
            }
            return exchange;
        } catch (Throwable error) {
            Bulwark.reportError("servlet.enter", error);
            return null;
        }
    }

    private static void answer(JakartaExchange exchange) {
        try {
            exchange.answer();
        } catch (Throwable error) {
            // the client is gone or the container refused: the application is still skipped, as decided
            Bulwark.reportError("servlet.answer", error);
        }
    }

    /** The response to hand to the application: the guarded one for the outermost entry. */
    public static Object response(Object entered, Object response) {
        return entered instanceof JakartaExchange exchange ? exchange.guarded() : response;
    }

    /** True when the agent has answered the request itself: neither filters nor the servlet run. */
    public static boolean answeredByAgent(Object entered) {
        return entered instanceof JakartaExchange exchange && exchange.call().answeredByAgent();
    }

    public static void exit(Object servletRequest, Object entered, Object thrown) {
        try {
            ServletRequest request = (ServletRequest) servletRequest;
            if (entered instanceof ThreadScope scope) {
                scope.exit();
            } else if (entered instanceof JakartaExchange exchange) {
                exchange.leaveThread();
                if (thrown != null) {
                    exchange.applicationFailed();
                }
                if (!request.isAsyncStarted() || !completesAsync(request, exchange)) {
                    exchange.finish();
                }
            }
        } catch (Throwable error) {
            Bulwark.reportError("servlet.exit", error);
        }
    }

    private static boolean completesAsync(ServletRequest request, JakartaExchange exchange) {
        try {
            request.getAsyncContext().addListener(new AsyncCompletion(exchange));
            return true;
        } catch (IllegalStateException alreadyCompleting) {
            return false;
        }
    }
}
