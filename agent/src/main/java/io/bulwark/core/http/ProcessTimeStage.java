package io.bulwark.core.http;

import io.bulwark.bootstrap.HttpExchangeView;

import java.nio.charset.StandardCharsets;

/** Adds X-Process-Time: seconds from the request's arrival to the moment its response headers are sent. */
public final class ProcessTimeStage implements InboundStage {

    static final String HEADER = "X-Process-Time";

    @Override
    public void beforeCommit(InboundCall call, HttpExchangeView exchange) {
        exchange.setResponseHeader(HEADER, seconds(System.nanoTime() - call.startNanos()));
    }

    /** Seconds with microsecond precision, e.g. "0.001234", written straight into one string: this runs per request. */
    static String seconds(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        long whole = micros / 1_000_000;
        int fraction = (int) (micros % 1_000_000);
        int wholeDigits = 1;
        for (long rest = whole / 10; rest > 0; rest /= 10) {
            wholeDigits++;
        }
        byte[] text = new byte[wholeDigits + 7];
        for (int i = wholeDigits - 1; i >= 0; i--, whole /= 10) {
            text[i] = (byte) ('0' + whole % 10);
        }
        text[wholeDigits] = '.';
        for (int i = text.length - 1; i > wholeDigits; i--, fraction /= 10) {
            text[i] = (byte) ('0' + fraction % 10);
        }
        return new String(text, StandardCharsets.ISO_8859_1);
    }
}
