package io.bulwark.instrumentation.servlet;

import io.bulwark.bootstrap.InboundRequest;
import io.bulwark.bootstrap.Mdc;

/**
 * What a servlet entry changed on its thread while the application runs (the current request and the request ID in
 * the application's MDC), so the exit can put it back. JDK types only, shared by the javax and jakarta helpers.
 */
public final class ThreadScope {

    private final Mdc mdc;
    private final String mdcKey;
    private final Object mdcPrevious;
    private final InboundRequest previous;

    private ThreadScope(Mdc mdc, String mdcKey, Object mdcPrevious, InboundRequest previous) {
        this.mdc = mdc;
        this.mdcKey = mdcKey;
        this.mdcPrevious = mdcPrevious;
        this.previous = previous;
    }

    /** @param applicationClass a class of the application: its class loader's SLF4J MDC gets the request ID */
    public static ThreadScope enter(Class<?> applicationClass, String mdcKey, InboundRequest request) {
        InboundRequest previous = InboundRequest.enter(request);
        Mdc mdc = Mdc.of(applicationClass);
        Object mdcPrevious = mdc.put(mdcKey, request.requestId());
        return new ThreadScope(mdc, mdcKey, mdcPrevious, previous);
    }

    public void exit() {
        mdc.restore(mdcKey, mdcPrevious);
        InboundRequest.restore(previous);
    }
}
