package io.bulwark.core.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A JWT read from {@code header} (a "Bearer" token), whose {@code claim} is the user ID. Exactly one of
 * {@code hmacSecretEnv} (the name of the environment variable holding the HMAC secret, never the secret itself)
 * and {@code publicKeyFile} (a PEM public key, relative paths against the working directory) is set.
 */
public record JwtConfig(String header, String claim, String hmacSecretEnv, Path publicKeyFile) {
    public static final String DEFAULT_HEADER = "Authorization";
    public static final String DEFAULT_CLAIM = "sub";

    public JwtConfig {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(claim, "claim");
        if ((hmacSecretEnv == null) == (publicKeyFile == null)) {
            throw new IllegalArgumentException("exactly one of hmacSecretEnv and publicKeyFile must be set");
        }
    }
}
