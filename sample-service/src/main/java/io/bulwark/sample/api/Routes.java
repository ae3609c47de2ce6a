package io.bulwark.sample.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;

/**
 * The URL map. Routing runs on the IO thread (it attaches the matched path template to the exchange); each
 * endpoint then moves to a worker thread, because all of them block on JDBC, Redis, Kafka, Elasticsearch or sleep.
 */
public final class Routes {

    private Routes() {
    }

    public static RoutingHandler create(TokenHandler token, TransactionHandlers transactions, HealthHandler health,
                                        SleepHandler sleep, HttpJson json) {
        return new RoutingHandler()
                .post("/api/v1/auth/token", blocking(token, json))
                .post("/api/v1/transactions", blocking(transactions::create, json))
                .get("/api/v1/transactions", blocking(transactions::list, json))
                .get("/api/v1/transactions/{id}", blocking(transactions::get, json))
                .get("/api/v1/health", blocking(health, json))
                .get("/api/v1/debug/sleep", blocking(sleep, json))
                .setFallbackHandler(exchange -> json.sendError(exchange, 404, "not_found",
                        "no route for " + exchange.getRequestPath()))
                .setInvalidMethodHandler(exchange -> json.sendError(exchange, 405, "method_not_allowed",
                        exchange.getRequestMethod() + " is not allowed on " + exchange.getRequestPath()));
    }

    private static HttpHandler blocking(HttpHandler handler, HttpJson json) {
        return new BlockingHandler(new ErrorHandler(handler, json));
    }
}
