package io.bulwark.sample.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final String SECRET = "test-secret";

    private final TokenService tokens = new TokenService(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void issuedTokenIsHs256WithUsernameAsSubjectAndOneHourLifetime() throws Exception {
        String token = tokens.issue("demo");
        DecodedJWT decoded = JWT.decode(token);
        assertEquals("HS256", decoded.getAlgorithm());
        assertEquals("demo", decoded.getSubject());
        assertEquals(NOW.plus(Duration.ofHours(1)), decoded.getExpiresAtAsInstant());
        assertEquals("demo", tokens.verify(token));
    }

    @Test
    void expiredTokenIsRejected() {
        String token = tokens.issue("demo");
        TokenService later = new TokenService(SECRET, Clock.fixed(NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC));
        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> later.verify(token));
        assertEquals("token has expired", e.getMessage());
    }

    @Test
    void tokenSignedWithAnotherSecretIsRejected() {
        String token = new TokenService("other-secret", Clock.fixed(NOW, ZoneOffset.UTC)).issue("demo");
        assertThrows(InvalidTokenException.class, () -> tokens.verify(token));
    }

    @Test
    void tamperedOrMalformedTokensAreRejected() {
        String token = tokens.issue("demo");
        String[] parts = token.split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"admin\",\"exp\":9999999999,\"iss\":\"bulwark-sample-service\"}".getBytes());
        assertThrows(InvalidTokenException.class, () -> tokens.verify(parts[0] + "." + forgedPayload + "." + parts[2]));
        assertThrows(InvalidTokenException.class, () -> tokens.verify("not-a-token"));
        assertThrows(InvalidTokenException.class, () -> tokens.verify(""));
    }

    @Test
    void tokenWithoutExpiryIsRejected() {
        String token = JWT.create().withIssuer("bulwark-sample-service").withSubject("demo")
                .sign(Algorithm.HMAC256(SECRET));
        assertThrows(InvalidTokenException.class, () -> tokens.verify(token));
    }

    @Test
    void unsignedTokenIsRejected() {
        String token = JWT.create().withIssuer("bulwark-sample-service").withSubject("demo")
                .withExpiresAt(NOW.plusSeconds(60)).sign(Algorithm.none());
        assertThrows(InvalidTokenException.class, () -> tokens.verify(token));
    }
}
