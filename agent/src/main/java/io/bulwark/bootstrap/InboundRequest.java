package io.bulwark.bootstrap;

/** Per-request state that a server instrumentation keeps on its exchange; the engine extends it. */
public class InboundRequest {

    private static final ThreadLocal<InboundRequest> CURRENT = new ThreadLocal<>();

    private final long startNanos;
    private volatile long deadlineNanos;
    private String requestId;
    private int agentStatus;
    private String agentContentType;
    private String agentBody;

    protected InboundRequest(long startNanos) {
        this.startNanos = startNanos;
    }

    public final long startNanos() {
        return startNanos;
    }

    /** The request being handled on this thread, or null; downstream-call guards read its deadline. */
    public static InboundRequest current() {
        return CURRENT.get();
    }

    /** Makes the request current on this thread; returns the previous one, to hand back to {@link #restore}. */
    public static InboundRequest enter(InboundRequest request) {
        InboundRequest previous = CURRENT.get();
        CURRENT.set(request);
        return previous;
    }

    /** Makes the request current on this thread, for a scope that never nests in another (an Undertow root handler). */
    public static void setCurrent(InboundRequest request) {
        CURRENT.set(request);
    }

    public static void restore(InboundRequest previous) {
        // set(null), not remove(): remove() would make the next request's get() allocate a new map entry
        CURRENT.set(previous);
    }

    /** System.nanoTime() by which the request must be answered, or 0 when it has no deadline. */
    public final long deadlineNanos() {
        return deadlineNanos;
    }

    /** Whether the request on this thread has a deadline that has passed: a downstream call is then not made. */
    public static boolean currentDeadlinePassed() {
        InboundRequest request = CURRENT.get();
        if (request == null) {
            return false;
        }
        long deadline = request.deadlineNanos;
        return deadline != 0 && System.nanoTime() - deadline > 0;
    }

    protected final void deadlineNanos(long deadline) {
        this.deadlineNanos = deadline;
    }

    public final String requestId() {
        return requestId;
    }

    protected final void requestId(String id) {
        this.requestId = id;
    }

    /**
     * True when the agent answers this request itself (a 429, a CORS preflight...): the server instrumentation then
     * sends {@link #agentStatus()} with {@link #agentBody()} and never invokes the application's handler.
     */
    public final boolean answeredByAgent() {
        return agentStatus != 0;
    }

    public final int agentStatus() {
        return agentStatus;
    }

    /** The Content-Type of the agent's answer, or null for an empty body. */
    public final String agentContentType() {
        return agentContentType;
    }

    public final String agentBody() {
        return agentBody;
    }

    protected final void answer(int status, String contentType, String body) {
        this.agentStatus = status;
        this.agentContentType = contentType;
        this.agentBody = body;
    }
}
