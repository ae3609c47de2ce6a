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
    private final String authorization;

    InboundCall(long startNanos, String method, String path, String query, InetSocketAddress peer, String userAgent,
                String authorization) {
        super(startNanos);
        this.method = method;
        this.path = path;
        this.query = query;
        this.peer = peer;
        this.userAgent = userAgent;
        this.authorization = authorization;
    }

    void assignRequestId(String id) {
        requestId(id);
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

    public String authorization() {
        return authorization;
    }
}
