package io.bulwark.sample.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /api/v1/health}: checks every backend at once, each within a short deadline. The database is
 * critical (down means 503 "unhealthy"); any other backend down means 200 "degraded".
 */
public final class HealthHandler implements HttpHandler {

    public static final String CRITICAL = "database";
    private static final long CHECK_DEADLINE_MILLIS = 1_500;

    private final Map<String, BooleanSupplier> checks;
    private final ExecutorService executor;
    private final HttpJson json;

    /** Checks by backend name, in the order they are reported; one of them must be {@value #CRITICAL}. */
    public HealthHandler(Map<String, BooleanSupplier> checks, ExecutorService executor, HttpJson json) {
        this.checks = checks;
        this.executor = executor;
        this.json = json;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Map<String, CompletableFuture<Boolean>> running = new LinkedHashMap<>();
        checks.forEach((name, check) -> running.put(name, CompletableFuture
                .supplyAsync(check::getAsBoolean, executor)
                .completeOnTimeout(false, CHECK_DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
                .exceptionally(failure -> false)));

        Map<String, String> services = new LinkedHashMap<>();
        running.forEach((name, result) -> services.put(name, result.join() ? "healthy" : "unhealthy"));
        boolean criticalDown = !"healthy".equals(services.get(CRITICAL));
        boolean anyDown = services.containsValue("unhealthy");

        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", criticalDown ? "unhealthy" : anyDown ? "degraded" : "healthy");
        body.putAll(services);
        json.send(exchange, criticalDown ? 503 : 200, body);
    }
}
