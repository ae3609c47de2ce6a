package io.bulwark.core.identity;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HmacJwtUserResolverTest {

    private static final byte[] SECRET = "s3cret-for-tests".getBytes(StandardCharsets.UTF_8);
    private static final long NOW = 1_800_000_000L;
    private final HmacJwtUserResolver resolver = new HmacJwtUserResolver(SECRET, "sub", () -> NOW);

    @Test
    void acceptsAValidToken() {
        assertEquals("alice", resolver.apply("Bearer " + token("HS256", "{\"sub\":\"alice\",\"exp\":" + (NOW + 60) + "}", SECRET)));
        assertEquals("bob", resolver.apply("bearer " + token("HS512", "{\"sub\":\"bob\"}", SECRET)));
    }

    @Test
    void rejectsExpiredForgedAndUnsignedTokens() {
        assertNull(resolver.apply("Bearer " + token("HS256", "{\"sub\":\"alice\",\"exp\":" + NOW + "}", SECRET)));
        assertNull(resolver.apply("Bearer " + token("HS256", "{\"sub\":\"alice\",\"nbf\":" + (NOW + 10) + "}", SECRET)));
        assertNull(resolver.apply("Bearer " + token("HS256", "{\"sub\":\"mallory\"}", "other".getBytes())));
        String none = b64("{\"alg\":\"none\"}") + "." + b64("{\"sub\":\"mallory\"}") + ".";
        assertNull(resolver.apply("Bearer " + none));
        assertNull(resolver.apply("Bearer not.a.token"));
        assertNull(resolver.apply("Basic dXNlcjpwYXNz"));
        assertNull(resolver.apply(null));
    }

    static String token(String alg, String payload, byte[] secret) {
        try {
            String signingInput = b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + b64(payload);
            String macName = "HmacSHA" + alg.substring(2);
            Mac mac = Mac.getInstance(macName);
            mac.init(new SecretKeySpec(secret, macName));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
