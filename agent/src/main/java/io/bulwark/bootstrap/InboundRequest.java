package io.bulwark.bootstrap;

/** Per-request state that a server instrumentation keeps on its exchange; the engine extends it. */
public class InboundRequest {

    private final long startNanos;
    private String requestId;

    protected InboundRequest(long startNanos) {
        this.startNanos = startNanos;
    }

    public final long startNanos() {
        return startNanos;
    }

    public final String requestId() {
        return requestId;
    }

    protected final void requestId(String id) {
        this.requestId = id;
    }
}
