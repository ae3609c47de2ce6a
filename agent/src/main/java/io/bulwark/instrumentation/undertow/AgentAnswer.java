package io.bulwark.instrumentation.undertow;

import io.bulwark.bootstrap.InboundRequest;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/** Stands in for the application's handler when the agent answers a request itself. */
final class AgentAnswer implements HttpHandler {

    private final InboundRequest request;

    AgentAnswer(InboundRequest request) {
        this.request = request;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        exchange.setStatusCode(request.agentStatus());
        String body = request.agentBody();
        if (request.agentContentType() != null) {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, request.agentContentType());
        }
        if (body == null || body.isEmpty()) {
            exchange.setResponseContentLength(0);
            exchange.endExchange();
        } else {
            exchange.getResponseSender().send(body);
        }
    }
}
