package io.bulwark.it.apps;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What the test apps share: each endpoint answers 200 with "value:..." or "error:&lt;class&gt;:&lt;message&gt;", so a
 * test sees exactly what the client library returned or threw.
 */
final class AppHttp {

    private AppHttp() {
    }

    interface Call {
        Object call() throws Exception;
    }

    static String outcome(Call call) {
        try {
            return "value:" + call.call();
        } catch (Exception e) {
            return "error:" + e.getClass().getName() + ":" + e.getMessage();
        }
    }

    /** The future's value, or what it failed with (unwrapped, as a synchronous call would throw it). */
    static <T> T await(Future<T> future, Duration timeout) throws Exception {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    static void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
