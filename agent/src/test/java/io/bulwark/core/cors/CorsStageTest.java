package io.bulwark.core.cors;

import io.bulwark.core.config.CorsConfig;
import io.bulwark.core.http.FakeExchange;
import io.bulwark.core.http.InboundCall;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorsStageTest {

    private final CorsStage cors = new CorsStage(new CorsConfig(true, List.of("http://localhost:3000"),
        Set.of("GET", "POST"), List.of("Authorization", "Content-Type"), List.of("X-Request-ID", "Retry-After"),
        true, Duration.ofMinutes(10)));

    @Test
    void answersAnAllowedPreflight() {
        FakeExchange exchange = new FakeExchange("OPTIONS", "/api/v1/transactions")
            .header("Origin", "http://localhost:3000")
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization, content-type");
        InboundCall call = exchange.call();
        cors.onStart(call, exchange);
        assertEquals(204, call.agentStatus());
        assertEquals("http://localhost:3000", exchange.responseHeader("Access-Control-Allow-Origin"));
        assertEquals("true", exchange.responseHeader("Access-Control-Allow-Credentials"));
        assertTrue(exchange.responseHeader("Access-Control-Allow-Methods").contains("POST"));
        assertEquals("600", exchange.responseHeader("Access-Control-Max-Age"));
        assertEquals("Origin", exchange.responseHeader("Vary"));
        cors.beforeCommit(call, exchange);
        assertEquals("Origin", exchange.responseHeader("Vary"), "headers are not added twice");
    }

    @Test
    void refusesPreflightsOfDisallowedOriginsMethodsOrHeaders() {
        for (String[] preflight : new String[][] {
            {"http://evil.example", "GET", ""}, {"http://localhost:3000", "DELETE", ""},
            {"http://localhost:3000", "GET", "X-Secret"}}) {
            FakeExchange exchange = new FakeExchange("OPTIONS", "/x").header("Origin", preflight[0])
                .header("Access-Control-Request-Method", preflight[1]).header("Access-Control-Request-Headers", preflight[2]);
            InboundCall call = exchange.call();
            cors.onStart(call, exchange);
            assertEquals(403, call.agentStatus(), String.join(" ", preflight));
            assertNull(exchange.responseHeader("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void addsHeadersToResponsesForAllowedOriginsOnly() {
        FakeExchange allowed = new FakeExchange("GET", "/x").header("Origin", "http://LOCALHOST:3000");
        InboundCall call = allowed.call();
        cors.onStart(call, allowed);
        assertFalse(call.answeredByAgent());
        cors.beforeCommit(call, allowed);
        assertEquals("http://LOCALHOST:3000", allowed.responseHeader("Access-Control-Allow-Origin"));
        assertEquals("X-Request-ID, Retry-After", allowed.responseHeader("Access-Control-Expose-Headers"));

        FakeExchange other = new FakeExchange("GET", "/x").header("Origin", "http://evil.example");
        cors.beforeCommit(other.call(), other);
        assertTrue(other.responseHeaders.isEmpty(), other.toString());
    }

    @Test
    void aResponseTheAgentAnsweredItselfStillGetsCorsHeaders() {
        FakeExchange exchange = new FakeExchange("POST", "/x").header("Origin", "http://localhost:3000");
        InboundCall call = exchange.call();
        call.answerWith(429, "application/json", "{}");
        cors.beforeCommit(call, exchange);
        assertEquals("http://localhost:3000", exchange.responseHeader("Access-Control-Allow-Origin"));
    }
}
