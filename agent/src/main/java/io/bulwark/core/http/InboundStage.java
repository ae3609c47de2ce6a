package io.bulwark.core.http;

import io.bulwark.bootstrap.HttpExchangeView;

/**
 * One step of the inbound pipeline. Stages run in the pipeline's order when a request starts; a stage may answer
 * the request itself ({@link InboundCall#answerWith}), and then the stages after it do not start. Every stage sees
 * the response just before it is committed (including answers of the agent, e.g. so CORS headers reach a 429), and
 * the stages that started see the completion, in reverse order.
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
