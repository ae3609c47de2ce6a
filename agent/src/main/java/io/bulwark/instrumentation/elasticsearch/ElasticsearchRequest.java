package io.bulwark.instrumentation.elasticsearch;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.bootstrap.DownstreamCall;

import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * One permitted request; records its outcome once it has ended (for an async request, when its future completes).
 * A request that fails only after the service's call_timeout has passed failed by hanging, whatever ended it: the
 * caller giving up (a request timeout interrupting the handler thread) would otherwise hide a node that no longer
 * answers, so it is recorded as a TimeoutException.
 */
final class ElasticsearchRequest implements BiConsumer<Object, Throwable> {

    private final DownstreamCall call;
    private final String service;
    private final long startNanos = System.nanoTime();

    ElasticsearchRequest(DownstreamCall call, String service) {
        this.call = call;
        this.service = service;
    }

    String service() {
        return service;
    }

    void ended(Throwable error) {
        try {
            if (error == null) {
                call.success();
                return;
            }
            long millis = (System.nanoTime() - startNanos) / 1_000_000;
            long callTimeout = Bulwark.downstream().callTimeoutMillis(service);
            if (callTimeout > 0 && millis >= callTimeout) {
                TimeoutException hung = new TimeoutException("no answer within call_timeout " + callTimeout + " ms ("
                    + millis + " ms, then " + error + ")");
                hung.initCause(error);
                call.failure(hung);
            } else {
                call.failure(error);
            }
        } catch (Throwable internal) {
            Bulwark.reportError("elasticsearch.outcome", internal);
        }
    }

    @Override
    public void accept(Object response, Throwable error) {
        ended(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
    }
}
