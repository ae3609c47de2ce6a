package io.bulwark.core.http;

import io.bulwark.bootstrap.HttpExchangeView;
import io.bulwark.bootstrap.InboundHttp;
import io.bulwark.bootstrap.InboundRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The inbound pipeline in the specification's order (request id -> access log -> metrics -> ...), kept here as one
 * list rather than left to where advice happens to be placed.
 */
public final class InboundPipeline implements InboundHttp {

    private static final String USER_AGENT = "User-Agent";

    private final RequestIdStage requestIds;
    private final InboundStage[] stages;
    /*
     * Per phase, only the stages that do something in it: a call through the stage interface from this loop goes to
     * one of several classes, so it is not inlined, and most stages act in one or two of the three phases.
     */
    private final boolean[] starts;
    private final InboundStage[] committing;
    /** Positions in {@link #stages} of the stages with a completion, ascending. */
    private final int[] completing;
    private final RouteTemplates routes;
    private final String mdcKey;
    private final BiConsumer<String, Throwable> errors;

    /**
     * @param requestIds always first: every other stage, and the application's MDC, see the request ID
     * @param stages     the remaining stages in order; one that fails is reported and skipped, the others go on
     */
    public InboundPipeline(RequestIdStage requestIds, List<InboundStage> stages, RouteTemplates routes, String mdcKey,
                           BiConsumer<String, Throwable> errors) {
        this.requestIds = requestIds;
        this.errors = errors;
        this.stages = stages.toArray(new InboundStage[0]);
        this.starts = new boolean[this.stages.length];
        List<InboundStage> committing = new ArrayList<>();
        List<Integer> completing = new ArrayList<>();
        for (int i = 0; i < this.stages.length; i++) {
            InboundStage stage = this.stages[i];
            starts[i] = overrides(stage, "onStart", InboundCall.class, HttpExchangeView.class);
            if (overrides(stage, "beforeCommit", InboundCall.class, HttpExchangeView.class)) {
                committing.add(stage);
            }
            if (overrides(stage, "onComplete", InboundCall.class, HttpExchangeView.class, String.class, long.class)) {
                completing.add(i);
            }
        }
        this.committing = committing.toArray(new InboundStage[0]);
        this.completing = completing.stream().mapToInt(Integer::intValue).toArray();
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
            exchange.peerAddress(), exchange.requestHeader(USER_AGENT));
        requestIds.onStart(call, exchange);
        int started = 0;
        while (started < stages.length && !call.answeredByAgent()) {
            InboundStage stage = stages[started];
            if (!starts[started++]) {
                continue;
            }
            try {
                stage.onStart(call, exchange);
            } catch (RuntimeException | LinkageError error) {
                errors.accept("inbound stage " + stage.getClass().getSimpleName(), error);
            }
        }
        call.startedStages(started);
        return call;
    }

    @Override
    public void beforeCommit(InboundRequest request, HttpExchangeView exchange) {
        InboundCall call = (InboundCall) request;
        requestIds.beforeCommit(call, exchange);
        for (InboundStage stage : committing) {
            try {
                stage.beforeCommit(call, exchange);
            } catch (RuntimeException | LinkageError error) {
                errors.accept("inbound stage " + stage.getClass().getSimpleName(), error);
            }
        }
    }

    @Override
    public void complete(InboundRequest request, HttpExchangeView exchange) {
        InboundCall call = (InboundCall) request;
        call.markCompleted();
        long duration = System.nanoTime() - call.startNanos();
        String endpoint = endpointOf(call, exchange);
        int started = call.startedStages();
        for (int next = completing.length - 1; next >= 0; next--) {
            int i = completing[next];
            if (i >= started) {
                continue;
            }
            try {
                stages[i].onComplete(call, exchange, endpoint, duration);
            } catch (RuntimeException | LinkageError error) {
                errors.accept("inbound stage " + stages[i].getClass().getSimpleName(), error);
            }
        }
    }

    @Override
    public String mdcKey() {
        return mdcKey;
    }

    /** Whether the stage's class has its own {@code phase} method rather than the interface's empty default. */
    private static boolean overrides(InboundStage stage, String phase, Class<?>... parameters) {
        try {
            return stage.getClass().getMethod(phase, parameters).getDeclaringClass() != InboundStage.class;
        } catch (NoSuchMethodException impossible) {
            return true;
        }
    }

    private String endpointOf(InboundCall call, HttpExchangeView exchange) {
        return routes.endpoint(exchange.routeTemplate(), call.path());
    }
}
