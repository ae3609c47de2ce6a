package io.bulwark.core.identity;

import io.bulwark.core.config.JwtConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JwtVerifierTest {

    private static final byte[] SECRET = "s3cret-for-tests".getBytes(StandardCharsets.UTF_8);
    private static final long NOW = 1_800_000_000L;
    private static final String ALICE = "{\"sub\":\"alice\",\"exp\":" + (NOW + 60) + "}";

    @TempDir
    Path dir;

    @Test
    void hmacAcceptsValidTokensOfEveryHsAlgorithm() {
        JwtVerifier verifier = JwtVerifier.hmac(SECRET, "sub", () -> NOW);
        for (String alg : new String[] {"HS256", "HS384", "HS512"}) {
            assertEquals("alice", verifier.apply("Bearer " + TestTokens.hmac(alg, ALICE, SECRET)), alg);
        }
        assertEquals("42", verifier.apply("bearer " + TestTokens.hmac("HS256", "{\"sub\":42}", SECRET)));
    }

    @Test
    void hmacRejectsExpiredForgedUnsignedAndMalformedTokens() {
        JwtVerifier verifier = JwtVerifier.hmac(SECRET, "sub", () -> NOW);
        assertNull(verifier.apply("Bearer " + TestTokens.hmac("HS256", "{\"sub\":\"alice\",\"exp\":" + NOW + "}", SECRET)));
        assertNull(verifier.apply("Bearer " + TestTokens.hmac("HS256", "{\"sub\":\"alice\",\"nbf\":" + (NOW + 10) + "}", SECRET)));
        assertNull(verifier.apply("Bearer " + TestTokens.hmac("HS256", ALICE, "other".getBytes(StandardCharsets.UTF_8))));
        assertNull(verifier.apply("Bearer " + TestTokens.b64("{\"alg\":\"none\"}") + "." + TestTokens.b64(ALICE) + "."));
        assertNull(verifier.apply("Bearer not.a.token"));
        assertNull(verifier.apply("Bearer " + "a".repeat(10_000)));
        assertNull(verifier.apply("Basic dXNlcjpwYXNz"));
        assertNull(verifier.apply(null));
    }

    @Test
    void aRememberedTokenStillExpiresAndStartsOnTime() {
        long[] now = {NOW};
        JwtVerifier verifier = JwtVerifier.hmac(SECRET, "sub", () -> now[0]);
        String token = "Bearer " + TestTokens.hmac("HS256",
            "{\"sub\":\"alice\",\"nbf\":" + (NOW + 10) + ",\"exp\":" + (NOW + 60) + "}", SECRET);
        assertNull(verifier.apply(token), "not yet valid");
        now[0] = NOW + 10;
        assertEquals("alice", verifier.apply(token));
        assertEquals("alice", verifier.apply(token), "remembered");
        now[0] = NOW + 60;
        assertNull(verifier.apply(token), "expired although remembered");
    }

    @Test
    void forgedTokensAreNeverRememberedAndTheMemoryStaysBounded() {
        JwtVerifier verifier = JwtVerifier.hmac(SECRET, "sub", () -> NOW);
        String forged = "Bearer " + TestTokens.hmac("HS256", ALICE, "other".getBytes(StandardCharsets.UTF_8));
        assertNull(verifier.apply(forged));
        assertEquals(0, verifier.rememberedTokens(), "a forged token is not remembered");
        for (int i = 0; i <= JwtVerifier.MAX_REMEMBERED; i++) {
            String user = "user-" + i;
            assertEquals(user, verifier.apply("Bearer " + TestTokens.hmac("HS256",
                "{\"sub\":\"" + user + "\",\"exp\":" + (NOW + 60) + "}", SECRET)));
            assertTrue(verifier.rememberedTokens() <= JwtVerifier.MAX_REMEMBERED);
        }
        assertEquals(1, verifier.rememberedTokens(), "forgotten all at once when full");
        assertEquals("alice", verifier.apply("Bearer " + TestTokens.hmac("HS256", ALICE, SECRET)),
            "still verifies after the memory was cleared");
    }

    @Test
    void rsaKeyVerifiesRsTokensOnly() throws Exception {
        KeyPair keys = TestTokens.rsaKeys();
        JwtVerifier verifier = JwtVerifier.publicKey(keys.getPublic(), "sub", () -> NOW);
        assertEquals("alice", verifier.apply("Bearer " + TestTokens.signed("RS256", ALICE, keys.getPrivate())));
        assertEquals("alice", verifier.apply("Bearer " + TestTokens.signed("RS512", ALICE, keys.getPrivate())));
        assertNull(verifier.apply("Bearer " + TestTokens.signed("RS256", ALICE, TestTokens.rsaKeys().getPrivate())));
        // algorithm confusion: an HMAC "signed" with the public key bytes is not a signature of the key holder
        assertNull(verifier.apply("Bearer " + TestTokens.hmac("HS256", ALICE, keys.getPublic().getEncoded())));
        assertNull(verifier.apply("Bearer " + TestTokens.signed("RS256", "{\"sub\":\"alice\",\"exp\":1}", keys.getPrivate())));
    }

    @Test
    void ecKeyVerifiesTheAlgorithmOfItsCurve() {
        KeyPair p256 = TestTokens.ecKeys("secp256r1");
        JwtVerifier verifier = JwtVerifier.publicKey(p256.getPublic(), "sub", () -> NOW);
        assertEquals("alice", verifier.apply("Bearer " + TestTokens.signed("ES256", ALICE, p256.getPrivate())));
        assertNull(verifier.apply("Bearer " + TestTokens.signed("ES256", ALICE, TestTokens.ecKeys("secp256r1").getPrivate())));
        assertNull(verifier.apply("Bearer " + TestTokens.signed("ES384", ALICE, p256.getPrivate())));

        KeyPair p384 = TestTokens.ecKeys("secp384r1");
        assertEquals("alice", JwtVerifier.publicKey(p384.getPublic(), "sub", () -> NOW)
                .apply("Bearer " + TestTokens.signed("ES384", ALICE, p384.getPrivate())));
    }

    @Test
    void fromConfigReadsTheSecretFromTheEnvironmentAndTheKeyFromAPemFile() throws Exception {
        JwtVerifier hmac = JwtVerifier.fromConfig(new JwtConfig("Authorization", "sub", "JWT_SECRET", null),
                Map.of("JWT_SECRET", "s3cret-for-tests")::get, () -> NOW);
        assertEquals("alice", hmac.apply("Bearer " + TestTokens.hmac("HS256", ALICE, SECRET)));

        KeyPair keys = TestTokens.ecKeys("secp256r1");
        Path pem = Files.writeString(dir.resolve("key.pem"), TestTokens.pem(keys.getPublic()));
        JwtVerifier ec = JwtVerifier.fromConfig(new JwtConfig("Authorization", "user", null, pem), name -> null,
                () -> NOW);
        assertEquals("bob", ec.apply("Bearer " + TestTokens.signed("ES256", "{\"user\":\"bob\"}", keys.getPrivate())));
    }

    @Test
    void fromConfigNamesTheKeyThatIsUnusable() throws Exception {
        IllegalArgumentException unset = assertThrows(IllegalArgumentException.class, () -> JwtVerifier.fromConfig(
                new JwtConfig("Authorization", "sub", "JWT_SECRET", null), name -> null, () -> NOW));
        assertTrue(unset.getMessage().contains("identity.jwt.hmac_secret_env names JWT_SECRET"), unset.getMessage());

        Path missing = dir.resolve("missing.pem");
        IllegalArgumentException noFile = assertThrows(IllegalArgumentException.class, () -> JwtVerifier.fromConfig(
                new JwtConfig("Authorization", "sub", null, missing), name -> null, () -> NOW));
        assertTrue(noFile.getMessage().startsWith("identity.jwt.public_key_file"), noFile.getMessage());

        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> JwtVerifier.fromConfig(
                new JwtConfig("Authorization", "sub", null, garbage), name -> null, () -> NOW));
        assertTrue(bad.getMessage().contains("no valid RSA or EC public key"), bad.getMessage());
    }
}
