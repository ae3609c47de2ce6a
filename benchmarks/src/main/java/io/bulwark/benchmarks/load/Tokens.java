package io.bulwark.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the sample service's access tokens (HS256, issuer bulwark-sample-service) with the secret the harness gives
 * the service: one long-lived token for the whole run, so no measured server has to issue one first.
 */
public final class Tokens {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {
    }

    public static String sign(String secret, String user, Duration lifetime) throws GeneralSecurityException {
        long now = Instant.now().getEpochSecond();
        String header = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String claims = encode("{\"iss\":\"bulwark-sample-service\",\"sub\":\"" + user + "\",\"iat\":" + now
            + ",\"exp\":" + (now + lifetime.toSeconds()) + "}");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] signature = mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + BASE64URL.encodeToString(signature);
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
