package io.bulwark.core.config;

/**
 * How the agent learns the authenticated user (access log user_id, per-user rate limits).
 *
 * @param userHeader a header carrying the user ID, trusted as is (only behind an authenticating gateway); null = none
 * @param jwt        a bearer token whose claim names the user, used only when its signature verifies; null = none
 */
public record IdentityConfig(String userHeader, JwtConfig jwt) {
    public static IdentityConfig defaults() {
        return new IdentityConfig(null, null);
    }
}
