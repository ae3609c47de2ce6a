package io.bulwark.core.identity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Finds the user in a "Bearer" JWT signed with a shared HMAC secret (HS256/HS384/HS512): the signature is checked
 * in constant time and exp/nbf are honoured. An unverifiable token yields no user, never an error: a client can
 * never claim an identity the configured secret did not sign.
 */
public final class HmacJwtUserResolver implements Function<String, String> {

    private static final int MAX_TOKEN_LENGTH = 8_192;
    private static final JsonFactory JSON = new JsonFactory();

    private final byte[] secret;
    private final String claim;
    private final LongSupplier epochSeconds;

    public HmacJwtUserResolver(byte[] secret, String claim, LongSupplier epochSeconds) {
        this.secret = secret.clone();
        this.claim = claim;
        this.epochSeconds = epochSeconds;
    }

    /** @param authorization the header value, "Bearer <token>" */
    @Override
    public String apply(String authorization) {
        if (authorization == null || authorization.length() > MAX_TOKEN_LENGTH
            || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        int firstDot = token.indexOf('.');
        int secondDot = token.indexOf('.', firstDot + 1);
        if (firstDot <= 0 || secondDot <= firstDot || token.indexOf('.', secondDot + 1) >= 0) {
            return null;
        }
        try {
            String algorithm = macAlgorithm(decode(token.substring(0, firstDot)));
            if (algorithm == null) {
                return null;
            }
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret, algorithm));
            byte[] expected = mac.doFinal(token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, decode(token.substring(secondDot + 1)))) {
                return null;
            }
            return userFromClaims(decode(token.substring(firstDot + 1, secondDot)));
        } catch (Exception malformed) {
            return null;
        }
    }

    private static String macAlgorithm(byte[] header) throws java.io.IOException {
        String alg = stringField(header, "alg");
        if (alg == null) {
            return null;
        }
        return switch (alg) {
            case "HS256" -> "HmacSHA256";
            case "HS384" -> "HmacSHA384";
            case "HS512" -> "HmacSHA512";
            default -> null; // "none" and asymmetric algorithms are never accepted with a shared secret
        };
    }

    private String userFromClaims(byte[] payload) throws java.io.IOException {
        String user = null;
        Long expires = null;
        Long notBefore = null;
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
        long now = epochSeconds.getAsLong();
        if ((expires != null && now >= expires) || (notBefore != null && now < notBefore)) {
            return null;
        }
        return user;
    }

    private static String stringField(byte[] json, String field) throws java.io.IOException {
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
