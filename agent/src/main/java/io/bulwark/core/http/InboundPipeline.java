package io.bulwark.core.http;

import io.bulwark.bootstrap.HttpExchangeView;
import io.bulwark.bootstrap.InboundHttp;
import io.bulwark.bootstrap.InboundRequest;

import java.util.List;

/**
 * The inbound pipeline in the specification's order (request id -> access log -> metrics -> ...), kept here as one
 * list rather than left to where advice happens to be placed.
 */
public final class InboundPipeline implements InboundHttp {

    private static final String USER_AGENT = "User-Agent";
    private static final String AUTHORIZATION = "Authorization";

    private final RequestIdStage requestIds;
    private final InboundStage[] stages;
    private final RouteTemplates routes;
    private final String mdcKey;

    /**
     * @param requestIds always first: every other stage, and the application's MDC, see the request ID
     * @param stages     the remaining stages in order
     */
    public InboundPipeline(RequestIdStage requestIds, List<InboundStage> stages, RouteTemplates routes, String mdcKey) {
        this.requestIds = requestIds;
        this.stages = stages.toArray(new InboundStage[0]);
        this.routes = routes;
        this.mdcKey = mdcKey;
    }

    @Override
    public boolean active() {
        return true;
    }

    @Override
    public InboundRequest begin(HttpExchangeView exchange) {
        InboundCall call = new InboundCall(System.nanoTime(), exchange.method(), exchange.path(), exchange.query(),
            exchange.peerAddress(), exchange.requestHeader(USER_AGENT), exchange.requestHeader(AUTHORIZATION));
        requestIds.onStart(call, exchange);
        for (InboundStage stage : stages) {
            stage.onStart(call, exchange);
        }
        return call;
    }

    @Override
    public void beforeCommit(InboundRequest request, HttpExchangeView exchange) {
        InboundCall call = (InboundCall) request;
        for (InboundStage stage : stages) {
            stage.beforeCommit(call, exchange);
        }
    }

    @Override
    public void complete(InboundRequest request, HttpExchangeView exchange) {
        InboundCall call = (InboundCall) request;
        long duration = System.nanoTime() - call.startNanos();
        String endpoint = endpointOf(call, exchange);
        for (int i = stages.length - 1; i >= 0; i--) {
            stages[i].onComplete(call, exchange, endpoint, duration);
        }
    }

    @Override
    public String mdcKey() {
        return mdcKey;
    }

    private String endpointOf(InboundCall call, HttpExchangeView exchange) {
        String template = exchange.routeTemplate();
        if (template == null) {
            template = routes.match(call.path());
        }
        return template == null ? RouteTemplates.UNMATCHED : template;
    }
}
