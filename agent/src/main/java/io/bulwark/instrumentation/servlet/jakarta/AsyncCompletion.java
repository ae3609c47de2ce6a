package io.bulwark.instrumentation.servlet.jakarta;

import io.bulwark.bootstrap.Bulwark;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

/** Completes the pipeline of a request that went asynchronous, when the container finishes it. */
final class AsyncCompletion implements AsyncListener {

    private final JakartaExchange exchange;

    AsyncCompletion(JakartaExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public void onComplete(AsyncEvent event) {
        try {
            exchange.finish();
        } catch (Throwable error) {
            Bulwark.reportError("servlet.async-complete", error);
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // onComplete follows
    }

    @Override
    public void onError(AsyncEvent event) {
        // onComplete follows
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        event.getAsyncContext().addListener(this);
    }
}
