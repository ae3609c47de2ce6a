package io.bulwark.core.http;

import io.bulwark.bootstrap.InboundRequest;

import java.net.InetSocketAddress;

/** The engine's state of one inbound request: what the stages need after the request has started. */
public final class InboundCall extends InboundRequest {

    private final String method;
    private final String path;
    private final String query;
    private final InetSocketAddress peer;
    private final String userAgent;

    public InboundCall(long startNanos, String method, String path, String query, InetSocketAddress peer,
                       String userAgent) {
        super(startNanos);
        this.method = method;
        this.path = path;
        this.query = query;
        this.peer = peer;
        this.userAgent = userAgent;
    }

    private int startedStages;
    private volatile boolean completed;
    private int deadlineSlot = -1;

    void assignRequestId(String id) {
        requestId(id);
    }

    /** The agent answers the request itself; the application's handler is not invoked. */
    public void answerWith(int status, String contentType, String body) {
        answer(status, contentType, body);
    }

    /** Sets the deadline by which the request must be answered (System.nanoTime() based). */
    public void deadline(long nanos) {
        deadlineNanos(nanos);
    }

    /** Where the timeout stage's deadline watch holds this request (-1: nowhere), to give it back on completion. */
    public int deadlineSlot() {
        return deadlineSlot;
    }

    public void deadlineSlot(int slot) {
        deadlineSlot = slot;
    }

    /** Whether the exchange has completed (the response is out or the connection gone). */
    public boolean completed() {
        return completed;
    }

    void markCompleted() {
        completed = true;
    }

    int startedStages() {
        return startedStages;
    }

    void startedStages(int count) {
        startedStages = count;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String query() {
        return query;
    }

    public InetSocketAddress peer() {
        return peer;
    }

    public String userAgent() {
        return userAgent;
    }
}
