package io.bulwark.sample.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Issues and verifies HS256 access tokens whose subject is the username. */
public final class TokenService {

    public static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final String ISSUER = "bulwark-sample-service";

    private final Algorithm algorithm;
    private final Clock clock;
    private final JWTVerifier verifier;

    public TokenService(String secret, Clock clock) {
        this.algorithm = Algorithm.HMAC256(secret);
        this.clock = clock;
        this.verifier = ((JWTVerifier.BaseVerification) JWT.require(algorithm)
                .withIssuer(ISSUER)
                .withClaimPresence("sub")
                .withClaimPresence("exp"))
                .build(clock);
    }

    public String issue(String username) {
        Instant now = clock.instant();
        return JWT.create()
                .withIssuer(ISSUER)
                .withSubject(username)
                .withIssuedAt(now)
                .withExpiresAt(now.plus(TOKEN_LIFETIME))
                .sign(algorithm);
    }

    /** The username the token was issued to. */
    public String verify(String token) throws InvalidTokenException {
        try {
            return verifier.verify(token).getSubject();
        } catch (TokenExpiredException e) {
            throw new InvalidTokenException("token has expired");
        } catch (JWTVerificationException e) {
            throw new InvalidTokenException("token is invalid");
        }
    }
}
