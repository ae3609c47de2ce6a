package io.bulwark.sample.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.sample.auth.TokenService;
import io.bulwark.sample.auth.UserAccounts;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /api/v1/auth/token}: exchanges a username and password (JSON or form) for an access token. */
public final class TokenHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(TokenHandler.class);
    private static final String FORM = "application/x-www-form-urlencoded";

    private final UserAccounts accounts;
    private final TokenService tokens;
    private final HttpJson json;

    public TokenHandler(UserAccounts accounts, TokenService tokens, HttpJson json) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Map<String, String> credentials = readCredentials(exchange);
        String username = credentials.get("username");
        String password = credentials.get("password");
        if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
            throw new ApiException(400, "validation_error", "username and password are required");
        }
        if (!accounts.authenticate(username, password)) {
            log.info("Login failed for user={}", username);
            throw new ApiException(401, "invalid_credentials", "incorrect username or password");
        }
        log.info("Token issued for user={}", username);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", tokens.issue(username));
        body.put("token_type", "bearer");
        json.send(exchange, 200, body);
    }

    private Map<String, String> readCredentials(HttpServerExchange exchange) throws Exception {
        String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(FORM)) {
            return parseForm(new String(json.readBody(exchange), StandardCharsets.UTF_8));
        }
        JsonNode body = json.readJson(exchange);
        if (!body.isObject()) {
            throw new ApiException(400, "validation_error", "request body must be a JSON object");
        }
        Map<String, String> credentials = new HashMap<>();
        for (String field : new String[] {"username", "password"}) {
            JsonNode value = body.get(field);
            if (value != null && value.isTextual()) {
                credentials.put(field, value.asText());
            }
        }
        return credentials;
    }

    static Map<String, String> parseForm(String form) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_form", "request body is not a valid form");
        }
    }
}
