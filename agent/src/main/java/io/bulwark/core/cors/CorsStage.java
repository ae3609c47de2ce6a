package io.bulwark.core.cors;

import io.bulwark.bootstrap.HttpExchangeView;
import io.bulwark.core.config.CorsConfig;
import io.bulwark.core.http.InboundCall;
import io.bulwark.core.http.InboundStage;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * CORS answered by the agent. A preflight (OPTIONS with Origin and Access-Control-Request-Method) is answered here:
 * 204 with the allowed methods and headers, or 403 without any CORS header when the origin, method or a header is
 * not allowed. Other requests from an allowed origin get their CORS headers just before the response is committed:
 * also when the agent itself answered (a 429), which the specification's middleware order would have left unreadable
 * to a browser. A disallowed origin never gets a CORS header.
 */
public final class CorsStage implements InboundStage {

    private static final String ORIGIN = "Origin";
    private static final String REQUEST_METHOD = "Access-Control-Request-Method";

    private final Set<String> origins;
    private final boolean anyOrigin;
    private final Set<String> methods;
    private final Set<String> headers;
    private final boolean anyHeader;
    private final boolean credentials;
    private final String allowMethods;
    private final String allowHeaders;
    private final String exposeHeaders;
    private final String maxAge;

    public CorsStage(CorsConfig config) {
        this.origins = Set.copyOf(config.allowedOrigins());
        this.anyOrigin = origins.contains("*");
        this.methods = Set.copyOf(config.allowedMethods());
        this.headers = lowerCase(config.allowedHeaders());
        this.anyHeader = headers.contains("*");
        this.credentials = config.allowCredentials();
        this.allowMethods = String.join(", ", config.allowedMethods());
        this.allowHeaders = String.join(", ", config.allowedHeaders());
        this.exposeHeaders = String.join(", ", config.exposedHeaders());
        this.maxAge = Long.toString(config.maxAge().toSeconds());
    }

    @Override
    public void onStart(InboundCall call, HttpExchangeView exchange) {
        if (!isPreflight(call, exchange)) {
            return;
        }
        String origin = exchange.requestHeader(ORIGIN);
        String requestedMethod = exchange.requestHeader(REQUEST_METHOD);
        if (!allowed(origin) || !methods.contains(requestedMethod)
            || !headersAllowed(exchange.requestHeader("Access-Control-Request-Headers"))) {
            call.answerWith(403, "application/json", "{\"error\":\"cors_preflight_rejected\","
                + "\"detail\":\"origin, method or headers not allowed\"}");
            return;
        }
        allowOrigin(origin, exchange);
        exchange.setResponseHeader("Access-Control-Allow-Methods", allowMethods);
        exchange.setResponseHeader("Access-Control-Allow-Headers", allowHeaders);
        exchange.setResponseHeader("Access-Control-Max-Age", maxAge);
        call.answerWith(204, null, null);
    }

    @Override
    public void beforeCommit(InboundCall call, HttpExchangeView exchange) {
        if (isPreflight(call, exchange)) {
            return; // answered in onStart (or, if another stage answered first, a failed preflight for the browser)
        }
        String origin = exchange.requestHeader(ORIGIN);
        if (origin != null && allowed(origin)) {
            allowOrigin(origin, exchange);
            if (!exposeHeaders.isEmpty()) {
                exchange.setResponseHeader("Access-Control-Expose-Headers", exposeHeaders);
            }
        }
    }

    private static boolean isPreflight(InboundCall call, HttpExchangeView exchange) {
        return "OPTIONS".equals(call.method()) && exchange.requestHeader(ORIGIN) != null
            && exchange.requestHeader(REQUEST_METHOD) != null;
    }

    private void allowOrigin(String origin, HttpExchangeView exchange) {
        boolean wildcard = anyOrigin && !credentials;
        exchange.setResponseHeader("Access-Control-Allow-Origin", wildcard ? "*" : origin);
        if (credentials) {
            exchange.setResponseHeader("Access-Control-Allow-Credentials", "true");
        }
        if (!wildcard) {
            exchange.addResponseHeader("Vary", ORIGIN);
        }
    }

    private boolean allowed(String origin) {
        return anyOrigin || origins.contains(origin.toLowerCase(Locale.ROOT));
    }

    private boolean headersAllowed(String requested) {
        if (requested == null || requested.isBlank() || anyHeader) {
            return true;
        }
        for (String header : requested.split(",")) {
            String name = header.trim().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !headers.contains(name)) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> lowerCase(Iterable<String> values) {
        Set<String> lower = new HashSet<>();
        for (String value : values) {
            lower.add(value.toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(lower);
    }
}
