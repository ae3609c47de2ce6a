package io.bulwark.core.identity;

import io.bulwark.core.config.IdentityConfig;
import io.bulwark.core.config.JwtConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class UserIdentityTest {

    private static final long NOW = 1_800_000_000L;
    private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);

    private final UserIdentity identity = UserIdentity.from(
            new IdentityConfig("X-User-Id", new JwtConfig("Authorization", "sub", "SECRET", null)),
            Map.of("SECRET", "s3cret")::get, () -> NOW);

    @Test
    void theUserHeaderComesFirstThenAVerifiedToken() {
        String token = "Bearer " + TestTokens.hmac("HS256", "{\"sub\":\"alice\"}", SECRET);
        assertEquals("gw-user", identity.user(Map.of("X-User-Id", "gw-user", "Authorization", token)::get));
        assertEquals("alice", identity.user(Map.of("Authorization", token)::get));
        assertNull(identity.user(Map.<String, String>of()::get));
    }

    @Test
    void oversizedOrControlCharacterValuesAreNotUsers() {
        assertNull(identity.user(Map.of("X-User-Id", "x".repeat(UserIdentity.MAX_USER_LENGTH + 1))::get));
        assertNull(identity.user(Map.of("X-User-Id", "evil\nuser")::get));
        assertEquals("ok", identity.user(Map.of("X-User-Id", "x\u0001", "Authorization",
                "Bearer " + TestTokens.hmac("HS256", "{\"sub\":\"ok\"}", SECRET))::get));
    }

    @Test
    void anUnusableSecretMeansNoUsersFromTokens() {
        UserIdentity unset = UserIdentity.from(new IdentityConfig(null, new JwtConfig("Authorization", "sub", "SECRET", null)),
                name -> null, () -> NOW);
        assertNull(unset.user(Map.of("Authorization", "Bearer " + TestTokens.hmac("HS256", "{\"sub\":\"a\"}", SECRET))::get));
        assertNull(UserIdentity.NONE.user(Map.of("X-User-Id", "a")::get));
    }
}
