package io.bulwark.instrumentation.elasticsearch;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.bootstrap.DownstreamCall;
import io.bulwark.bootstrap.InboundRequest;

import java.net.ConnectException;
import java.util.concurrent.CompletableFuture;

/**
 * Injected into the Elasticsearch client's class loader; what the transport advice calls. A refused request fails
 * with a {@link ConnectException}, the IOException the transports throw when no node can be reached, so the
 * application's existing handling of an unreachable cluster applies.
 */
public final class ElasticsearchCalls {

    static final String SERVICE = "elasticsearch";
    static final String OPERATION = "request";

    private ElasticsearchCalls() {
    }

    /** The permitted request, or the ConnectException to fail it with instead of sending it, or null. */
    public static Object start() {
        try {
            if (InboundRequest.currentDeadlinePassed()) {
                return new ConnectException("Elasticsearch request not sent: the request's deadline has passed");
            }
            DownstreamCall call = Bulwark.downstream().start(SERVICE, OPERATION);
            if (!call.permitted()) {
                return new ConnectException("Elasticsearch request not sent: the circuit breaker for elasticsearch is open");
            }
            return call == DownstreamCall.UNPROTECTED ? null : new ElasticsearchRequest(call);
        } catch (Throwable error) {
            Bulwark.reportError("elasticsearch.start", error);
            return null;
        }
    }

    /** A synchronous request returned (thrown == null) or threw. */
    public static void ended(Object entered, Throwable thrown) {
        if (entered instanceof ElasticsearchRequest request) {
            request.ended(thrown);
        }
    }

    /** An asynchronous request was issued: its outcome is recorded when its future completes. */
    public static void whenDone(Object entered, Object future, Throwable thrown) {
        if (!(entered instanceof ElasticsearchRequest request)) {
            return;
        }
        if (thrown != null || !(future instanceof CompletableFuture<?> issued)) {
            request.ended(thrown);
            return;
        }
        issued.whenComplete(request);
    }

    public static CompletableFuture<Object> failedFuture(Throwable failure) {
        return CompletableFuture.failedFuture(failure);
    }

}
