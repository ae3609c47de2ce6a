package io.bulwark.instrumentation.servlet.javax;

import io.bulwark.bootstrap.Bulwark;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;

/** Completes the pipeline of a request that went asynchronous, when the container finishes it. */
final class AsyncCompletion implements AsyncListener {

    private final JavaxExchange exchange;

    AsyncCompletion(JavaxExchange exchange) {
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
