package io.bulwark.instrumentation.elasticsearch;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.bootstrap.DownstreamCall;
import io.bulwark.bootstrap.InboundRequest;
import io.bulwark.instrumentation.ClientServices;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Injected into the Elasticsearch client's class loader; what the transport hooks call. A refused request fails
 * with a {@link ConnectException}, the IOException the transports throw when no node can be reached, so the
 * application's existing handling of an unreachable cluster applies. A transport's service is found once, from the
 * URIs of its client's nodes.
 */
public final class ElasticsearchCalls {

    static final String OPERATION = "request";
    private static final ClientServices SERVICES = new ClientServices("elasticsearch");

    private ElasticsearchCalls() {
    }

    /** The permitted request, or the ConnectException to fail it with instead of sending it, or null. */
    public static Object start(Object transport) {
        try {
            if (InboundRequest.currentDeadlinePassed()) {
                return new ConnectException("Elasticsearch request not sent: the request's deadline has passed");
            }
            String service = SERVICES.of(transport, ElasticsearchCalls::nodes);
            DownstreamCall call = Bulwark.downstream().start(service, OPERATION);
            if (!call.permitted()) {
                return new ConnectException("Elasticsearch request not sent: the circuit breaker for " + service
                    + " is open");
            }
            return call == DownstreamCall.UNPROTECTED ? null : new ElasticsearchRequest(call, service);
        } catch (Throwable error) {
            Bulwark.reportError("elasticsearch.start", error);
            return null;
        }
    }

    /** Whether {@link #start} refused the request (it returned the failure): the transport is not called. */
    public static boolean refuses(Object entered) {
        return entered instanceof Throwable;
    }

    /** A synchronous request returned (thrown == null), threw, or was refused. Returns what it is to throw. */
    public static Object ended(Object entered, Object thrown) {
        if (entered instanceof Throwable refusal) {
            return refusal;
        }
        if (entered instanceof ElasticsearchRequest request) {
            request.ended((Throwable) thrown);
        }
        return thrown;
    }

    /**
     * An asynchronous request was issued: its outcome is recorded when its future completes. Returns the future for
     * the application: one that fails with a {@link SocketTimeoutException} (what the transports give when the node
     * does not answer within their socket timeout) once the service's call_timeout has passed, unless the request
     * ended first. The request itself runs on until the transport's own timeout; only the caller stops waiting. A
     * refused request gets a future failed with the refusal.
     */
    public static Object issued(Object entered, Object future, Object thrown) {
        if (entered instanceof Throwable refusal) {
            return failedFuture(refusal);
        }
        if (!(entered instanceof ElasticsearchRequest request)) {
            return future;
        }
        if (thrown != null || !(future instanceof CompletableFuture<?> issued)) {
            request.ended((Throwable) thrown);
            return future;
        }
        long callTimeout = Bulwark.downstream().callTimeoutMillis(request.service());
        if (callTimeout <= 0) {
            issued.whenComplete(request);
            return future;
        }
        CompletableFuture<Object> bounded = new CompletableFuture<>();
        issued.whenComplete((response, error) -> {
            if (error == null) {
                bounded.complete(response);
            } else {
                bounded.completeExceptionally(error);
            }
        });
        CompletableFuture.delayedExecutor(callTimeout, TimeUnit.MILLISECONDS).execute(() -> {
            if (!bounded.isDone()) {
                bounded.completeExceptionally(new SocketTimeoutException(callTimeout
                    + " milliseconds timeout on connection (Bulwark: the service's call_timeout)"));
            }
        });
        bounded.whenComplete(request);
        bounded.whenComplete((response, error) -> {
            if (bounded.isCancelled()) {
                issued.cancel(true);
            }
        });
        return bounded;
    }

    /**
     * The URIs of the transport's nodes, e.g. "http://es-1:9200,http://es-2:9200", through the public accessors the
     * RestClient and Rest5Client transports share: restClient().getNodes(), node.getHost().toURI().
     */
    private static String nodes(Object transport) {
        try {
            Object client = transport.getClass().getMethod("restClient").invoke(transport);
            List<String> uris = new ArrayList<>();
            for (Object node : (List<?>) client.getClass().getMethod("getNodes").invoke(client)) {
                Object host = node.getClass().getMethod("getHost").invoke(node);
                uris.add(String.valueOf(host.getClass().getMethod("toURI").invoke(host)));
            }
            return String.join(",", uris);
        } catch (ReflectiveOperationException | ClassCastException unknown) {
            return null;
        }
    }

    public static CompletableFuture<Object> failedFuture(Throwable failure) {
        return CompletableFuture.failedFuture(failure);
    }

}
