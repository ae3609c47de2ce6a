package io.bulwark.core.config;

import java.util.Objects;

/**
 * Request IDs: an incoming {@code header} value is kept when it has at most {@code maxLength} characters, all in
 * {@code allowedCharacters}; otherwise a new ID is generated. The ID is put in the application's MDC as {@code mdcKey},
 * and, when {@code sqlComment}, at the start of every JDBC statement as a comment (off by default: it makes each
 * statement's text unique, which defeats server-side statement caches).
 */
public record RequestIdConfig(String header, int maxLength, CharacterClass allowedCharacters, String mdcKey,
                              boolean sqlComment) {
    public RequestIdConfig {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(allowedCharacters, "allowedCharacters");
        Objects.requireNonNull(mdcKey, "mdcKey");
    }

    public static RequestIdConfig defaults() {
        return new RequestIdConfig("X-Request-ID", 128, CharacterClass.parse("A-Za-z0-9._:-"), "request_id", false);
    }
}
