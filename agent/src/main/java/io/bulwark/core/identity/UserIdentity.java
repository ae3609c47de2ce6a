package io.bulwark.core.identity;

import io.bulwark.core.AgentLog;
import io.bulwark.core.config.IdentityConfig;

import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Who the authenticated user of a request is: the value of the configured user header (trusted as is), else the
 * claim of a JWT whose signature verifies. Values longer than {@value #MAX_USER_LENGTH} characters or holding
 * control characters are not user IDs. No user (null) when nothing is configured or nothing qualifies.
 */
public final class UserIdentity {

    public static final int MAX_USER_LENGTH = 256;

    /** Knows no user. */
    public static final UserIdentity NONE = new UserIdentity(null, null, null);

    private final String userHeader;
    private final String tokenHeader;
    private final Function<String, String> userFromToken;

    /**
     * @param userHeader    header carrying the user ID, or null
     * @param tokenHeader   header carrying "Bearer <token>", or null
     * @param userFromToken maps the token header value to the verified user or null (e.g. a {@link JwtVerifier})
     */
    public UserIdentity(String userHeader, String tokenHeader, Function<String, String> userFromToken) {
        this.userHeader = userHeader;
        this.tokenHeader = userFromToken == null ? null : tokenHeader;
        this.userFromToken = userFromToken;
    }

    /**
     * The identity {@code config} describes. A JWT whose secret or key is unusable is logged and ignored (users are
     * then not taken from tokens), so the agent starts with a safe setting rather than not at all.
     */
    public static UserIdentity from(IdentityConfig config, Function<String, String> environment,
                                    LongSupplier epochSeconds) {
        JwtVerifier verifier = null;
        if (config.jwt() != null) {
            try {
                verifier = JwtVerifier.fromConfig(config.jwt(), environment, epochSeconds);
            } catch (IllegalArgumentException e) {
                AgentLog.warn(e.getMessage() + ": user IDs are not taken from tokens");
            }
        }
        return new UserIdentity(config.userHeader(), config.jwt() == null ? null : config.jwt().header(), verifier);
    }

    /** @param requestHeader the first value of a request header, or null */
    public String user(Function<String, String> requestHeader) {
        if (userHeader != null) {
            String user = requestHeader.apply(userHeader);
            if (isUserId(user)) {
                return user;
            }
        }
        if (tokenHeader != null) {
            String token = requestHeader.apply(tokenHeader);
            if (token != null) {
                String user = userFromToken.apply(token);
                if (isUserId(user)) {
                    return user;
                }
            }
        }
        return null;
    }

    private static boolean isUserId(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_USER_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return false;
            }
        }
        return true;
    }
}
