package io.bulwark.bootstrap;

/**
 * The inbound HTTP pipeline as seen from a server instrumentation. A server calls {@link #begin} once per request
 * (not once per nested handler or thread hop), {@link #beforeCommit} just before the response headers are sent and
 * {@link #complete} when the exchange has finished.
 */
public interface InboundHttp {

    InboundHttp DISABLED = new InboundHttp() {
        @Override
        public boolean active() {
            return false;
        }

        @Override
        public InboundRequest begin(HttpExchangeView exchange) {
            return null;
        }

        @Override
        public void beforeCommit(InboundRequest request, HttpExchangeView exchange) {
        }

        @Override
        public void complete(InboundRequest request, HttpExchangeView exchange) {
        }

        @Override
        public String mdcKey() {
            return null;
        }
    };

    boolean active();

    /** Returns the request's state, or null when the agent does not handle this request. */
    InboundRequest begin(HttpExchangeView exchange);

    void beforeCommit(InboundRequest request, HttpExchangeView exchange);

    void complete(InboundRequest request, HttpExchangeView exchange);

    /** The key under which the request ID goes into the application's SLF4J MDC, or null for none. */
    String mdcKey();
}
