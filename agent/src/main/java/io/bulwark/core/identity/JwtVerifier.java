package io.bulwark.core.identity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.bulwark.core.config.JwtConfig;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Finds the user in a "Bearer" JWT whose signature verifies with the configured key: an HMAC secret (HS256, HS384,
 * HS512), an RSA public key (RS256, RS384, RS512) or an EC public key (ES256 on P-256, ES384 on P-384, ES512 on
 * P-521). Only the algorithms of the configured key are accepted, so "none" and algorithm confusion (an HMAC token
 * "signed" with a public key) never pass. {@code exp} and {@code nbf} are honoured. An unverifiable token yields no
 * user, never an error: a client can never claim an identity the configured key did not sign.
 *
 * <p>As a function it maps the value of the token header ({@code "Bearer <token>"}) to the user, or null.
 *
 * <p>Tokens that verified are remembered (at most {@value #MAX_REMEMBERED}, forgotten all at once when full) with
 * their user and validity, so a client's repeated token costs a map lookup instead of a signature check and two
 * JSON parses; {@code exp} and {@code nbf} are still checked on every use. Only verified tokens are kept, so
 * forged ones cannot fill the map.
 */
public final class JwtVerifier implements Function<String, String> {

    private static final int MAX_TOKEN_LENGTH = 8_192;
    private static final int MIN_RSA_BITS = 2_048;
    private static final JsonFactory JSON = new JsonFactory();
    static final int MAX_REMEMBERED = 4_096;

    private static final Map<String, String> HMAC = Map.of(
            "HS256", "HmacSHA256", "HS384", "HmacSHA384", "HS512", "HmacSHA512");
    private static final Map<String, String> RSA = Map.of(
            "RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA");

    private final byte[] secret;
    private final PublicKey publicKey;
    /** JWT "alg" value to JCA algorithm, for the algorithms the key may have signed with. */
    private final Map<String, String> algorithms;
    private final String claim;
    private final LongSupplier epochSeconds;
    private final ConcurrentHashMap<String, Claims> verified = new ConcurrentHashMap<>();

    /** What a verified token says: its user (null if it names none) and its validity in epoch seconds. */
    private record Claims(String user, long notBefore, long expires) {
        String userAt(long now) {
            return now >= notBefore && now < expires ? user : null;
        }
    }

    private JwtVerifier(byte[] secret, PublicKey publicKey, Map<String, String> algorithms, String claim,
                        LongSupplier epochSeconds) {
        this.secret = secret;
        this.publicKey = publicKey;
        this.algorithms = algorithms;
        this.claim = claim;
        this.epochSeconds = epochSeconds;
    }

    public static JwtVerifier hmac(byte[] secret, String claim, LongSupplier epochSeconds) {
        if (secret.length == 0) {
            throw new IllegalArgumentException("the HMAC secret is empty");
        }
        return new JwtVerifier(secret.clone(), null, HMAC, claim, epochSeconds);
    }

    /** @throws IllegalArgumentException for a key that is neither RSA (2048 bits or more) nor EC on a NIST curve */
    public static JwtVerifier publicKey(PublicKey key, String claim, LongSupplier epochSeconds) {
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new IllegalArgumentException("the RSA key has " + rsa.getModulus().bitLength()
                        + " bits, fewer than " + MIN_RSA_BITS);
            }
            return new JwtVerifier(null, key, RSA, claim, epochSeconds);
        }
        if (key instanceof ECPublicKey ec) {
            int fieldSize = ec.getParams().getCurve().getField().getFieldSize();
            Map<String, String> algorithm = switch (fieldSize) {
                case 256 -> Map.of("ES256", "SHA256withECDSAinP1363Format");
                case 384 -> Map.of("ES384", "SHA384withECDSAinP1363Format");
                case 521 -> Map.of("ES512", "SHA512withECDSAinP1363Format");
                default -> throw new IllegalArgumentException("EC keys on a " + fieldSize
                        + "-bit curve have no JWT algorithm (P-256, P-384 or P-521 expected)");
            };
            return new JwtVerifier(null, key, algorithm, claim, epochSeconds);
        }
        throw new IllegalArgumentException("unsupported public key type " + key.getAlgorithm()
                + " (RSA or EC expected)");
    }

    /**
     * The verifier {@code config} describes: the HMAC secret is read from the environment variable it names, the
     * public key from its PEM file.
     *
     * @throws IllegalArgumentException when the secret or key is missing or unusable; the message names the config
     *                                  key and says why
     */
    public static JwtVerifier fromConfig(JwtConfig config, Function<String, String> environment,
                                         LongSupplier epochSeconds) {
        if (config.hmacSecretEnv() != null) {
            String secret = environment.apply(config.hmacSecretEnv());
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("identity.jwt.hmac_secret_env names " + config.hmacSecretEnv()
                        + ", which is not set");
            }
            return hmac(secret.getBytes(StandardCharsets.UTF_8), config.claim(), epochSeconds);
        }
        try {
            return publicKey(PemPublicKeys.read(config.publicKeyFile()), config.claim(), epochSeconds);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("identity.jwt.public_key_file: " + e.getMessage(), e);
        }
    }

    /** @param authorization the header value, "Bearer <token>" */
    @Override
    public String apply(String authorization) {
        if (authorization == null || authorization.length() > MAX_TOKEN_LENGTH
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        Claims known = verified.get(authorization);
        if (known == null) {
            known = verify(authorization.substring(7).trim());
            if (known == null) {
                return null;
            }
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.put(authorization, known);
        }
        return known.userAt(epochSeconds.getAsLong());
    }

    /** How many verified tokens are remembered. */
    int rememberedTokens() {
        return verified.size();
    }

    /** The claims of a token whose signature verifies, else null. */
    private Claims verify(String token) {
        int firstDot = token.indexOf('.');
        int secondDot = token.indexOf('.', firstDot + 1);
        if (firstDot <= 0 || secondDot <= firstDot || token.indexOf('.', secondDot + 1) >= 0) {
            return null;
        }
        try {
            String algorithm = algorithms.get(String.valueOf(stringField(decode(token.substring(0, firstDot)), "alg")));
            byte[] signingInput = token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
            byte[] signature = decode(token.substring(secondDot + 1));
            if (algorithm == null || !verifies(algorithm, signingInput, signature)) {
                return null;
            }
            return claims(decode(token.substring(firstDot + 1, secondDot)));
        } catch (Exception malformed) {
            return null;
        }
    }

    private boolean verifies(String algorithm, byte[] signingInput, byte[] signature) throws Exception {
        if (secret != null) {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret, algorithm));
            return MessageDigest.isEqual(mac.doFinal(signingInput), signature);
        }
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(signingInput);
        return verifier.verify(signature);
    }

    private Claims claims(byte[] payload) throws IOException {
        String user = null;
        long expires = Long.MAX_VALUE;
        long notBefore = Long.MIN_VALUE;
        try (JsonParser parser = JSON.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals(claim) && (value == JsonToken.VALUE_STRING || value.isNumeric())) {
                    user = parser.getText();
                } else if (name.equals("exp") && value.isNumeric()) {
                    expires = parser.getLongValue();
                } else if (name.equals("nbf") && value.isNumeric()) {
                    notBefore = parser.getLongValue();
                } else {
                    parser.skipChildren();
                }
            }
        }
        return new Claims(user, notBefore, expires);
    }

    private static String stringField(byte[] json, String field) throws IOException {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals(field) && value == JsonToken.VALUE_STRING) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
        }
        return null;
    }

    private static byte[] decode(String base64Url) {
        return Base64.getUrlDecoder().decode(base64Url);
    }
}
