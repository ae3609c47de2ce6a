package io.bulwark.core.http;

import io.bulwark.bootstrap.HttpExchangeView;

/** Keeps an acceptable client request ID or generates one, and always echoes it on the response. */
public final class RequestIdStage implements InboundStage {

    private final String header;
    private final RequestIds ids;

    public RequestIdStage(String header, RequestIds ids) {
        this.header = header;
        this.ids = ids;
    }

    @Override
    public void onStart(InboundCall call, HttpExchangeView exchange) {
        String id = ids.resolve(exchange.requestHeader(header));
        call.assignRequestId(id);
        exchange.setResponseHeader(header, id);
    }

    /** Again at commit: the application (or the agent's own 504) may have cleared the response headers since. */
    @Override
    public void beforeCommit(InboundCall call, HttpExchangeView exchange) {
        exchange.setResponseHeader(header, call.requestId());
    }
}
