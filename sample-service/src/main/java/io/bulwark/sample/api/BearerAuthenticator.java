package io.bulwark.sample.api;

import io.bulwark.sample.auth.InvalidTokenException;
import io.bulwark.sample.auth.TokenService;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/** Resolves the {@code Authorization: Bearer <token>} header to a username, or answers 401. */
public final class BearerAuthenticator {

    private static final String PREFIX = "bearer ";

    private final TokenService tokens;

    public BearerAuthenticator(TokenService tokens) {
        this.tokens = tokens;
    }

    public String requireUser(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw new ApiException(401, "unauthorized", "missing bearer token");
        }
        if (header.length() <= PREFIX.length() || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new ApiException(401, "unauthorized", "Authorization header must be 'Bearer <token>'");
        }
        try {
            return tokens.verify(header.substring(PREFIX.length()).trim());
        } catch (InvalidTokenException e) {
            throw new ApiException(401, "unauthorized", e.getMessage());
        }
    }
}
