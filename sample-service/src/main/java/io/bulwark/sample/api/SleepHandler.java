package io.bulwark.sample.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.math.BigDecimal;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/debug/sleep?seconds=N}: holds a worker thread for N seconds, to demonstrate timeouts. With
 * {@code &ignore_interrupts=true} it behaves like badly written code: it sleeps the full time whatever happens, then
 * writes its answer anyway.
 */
public final class SleepHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(SleepHandler.class);
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(300);

    private final HttpJson json;

    public SleepHandler(HttpJson json) {
        this.json = json;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        BigDecimal seconds = parseSeconds(HttpJson.queryParameter(exchange, "seconds"));
        if ("true".equals(HttpJson.queryParameter(exchange, "ignore_interrupts"))) {
            sleepIgnoringInterrupts(seconds.movePointRight(3).longValue());
            log.info("Slept {} s ignoring interrupts; answering now", seconds.toPlainString());
            json.send(exchange, 200, Map.of("slept_seconds", seconds));
            return;
        }
        log.info("Sleeping {} s", seconds.toPlainString());
        try {
            Thread.sleep(seconds.movePointRight(3).longValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.info("Sleep interrupted");
            throw new ApiException(503, "interrupted", "the sleep was interrupted");
        }
        json.send(exchange, 200, Map.of("slept_seconds", seconds));
    }

    private static void sleepIgnoringInterrupts(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        boolean interrupted = false;
        for (long left = millis; left > 0; left = (end - System.nanoTime()) / 1_000_000) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                interrupted = true;
                log.info("Interrupted while sleeping; ignoring it");
            }
        }
        if (interrupted) {
            Thread.interrupted(); // still ignoring it: the answer below is written as if nothing happened
        }
    }

    static BigDecimal parseSeconds(String raw) {
        if (raw != null && raw.matches("[0-9]{1,3}(\\.[0-9]{1,3})?")) {
            BigDecimal seconds = new BigDecimal(raw);
            if (seconds.signum() > 0 && seconds.compareTo(MAX_SECONDS) <= 0) {
                return seconds;
            }
        }
        throw ApiException.badRequest("seconds must be a number greater than 0 and at most 300");
    }
}
