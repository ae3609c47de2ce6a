package io.bulwark.core.http;

import io.bulwark.bootstrap.HttpExchangeView;

/** Adds X-Process-Time: seconds from the request's arrival to the moment its response headers are sent. */
public final class ProcessTimeStage implements InboundStage {

    static final String HEADER = "X-Process-Time";

    @Override
    public void beforeCommit(InboundCall call, HttpExchangeView exchange) {
        exchange.setResponseHeader(HEADER, seconds(System.nanoTime() - call.startNanos()));
    }

    /** Seconds with microsecond precision, e.g. "0.001234", without going through double formatting. */
    static String seconds(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        String fraction = Long.toString(1_000_000 + micros % 1_000_000);
        return (micros / 1_000_000) + "." + fraction.substring(1);
    }
}
