package io.bulwark.core.http;

import io.bulwark.bootstrap.HttpExchangeView;

/**
 * One step of the inbound pipeline. Stages run in the pipeline's order when a request starts and when its response
 * is about to be committed, and in reverse order when the exchange completes.
 */
public interface InboundStage {

    default void onStart(InboundCall call, HttpExchangeView exchange) {
    }

    default void beforeCommit(InboundCall call, HttpExchangeView exchange) {
    }

    /**
     * @param endpoint the route template of the request (bounded label value)
     */
    default void onComplete(InboundCall call, HttpExchangeView exchange, String endpoint, long durationNanos) {
    }
}
