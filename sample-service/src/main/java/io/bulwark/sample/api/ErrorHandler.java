package io.bulwark.sample.api;

import io.bulwark.sample.search.SearchUnavailableException;
import io.bulwark.sample.store.Database;
import io.bulwark.sample.transactions.ValidationException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the exceptions a handler throws into JSON error responses. */
public final class ErrorHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

    private final HttpHandler next;
    private final HttpJson json;

    public ErrorHandler(HttpHandler next, HttpJson json) {
        this.next = next;
        this.json = json;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        try {
            next.handleRequest(exchange);
        } catch (ApiException e) {
            if (e.status() == 401) {
                exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            }
            respond(exchange, e.status(), e.error(), e.detail());
        } catch (ValidationException e) {
            respond(exchange, 400, "validation_error", e.getMessage());
        } catch (SQLException e) {
            if (Database.isUnavailable(e)) {
                log.warn("Database unavailable: {}", e.getMessage());
                respond(exchange, 503, "service_unavailable", "the database is unavailable");
            } else {
                log.error("Database error", e);
                respond(exchange, 500, "internal_error", "unexpected database error");
            }
        } catch (SearchUnavailableException e) {
            log.warn("Elasticsearch unavailable: {}", rootCause(e));
            respond(exchange, 503, "service_unavailable", "search is unavailable");
        } catch (Exception e) {
            log.error("Unexpected error handling {} {}", exchange.getRequestMethod(), exchange.getRequestPath(), e);
            respond(exchange, 500, "internal_error", "unexpected error");
        }
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString();
    }

    private void respond(HttpServerExchange exchange, int status, String error, String detail) {
        if (exchange.isResponseStarted()) {
            log.warn("Response already started, cannot report {} {}", status, error);
            exchange.endExchange();
            return;
        }
        json.sendError(exchange, status, error, detail);
    }
}
