package io.bulwark.sample.auth;

import io.bulwark.sample.store.UserRepository;
import java.sql.SQLException;
import java.util.Optional;

/** Checks a username and password against the users table. */
public final class UserAccounts {

    private final UserRepository users;
    private final PasswordHasher hasher;
    // compared against when the user does not exist, so both failures take the same time
    private final String decoyHash;

    public UserAccounts(UserRepository users, PasswordHasher hasher) {
        this.users = users;
        this.hasher = hasher;
        this.decoyHash = hasher.hash("decoy-password");
    }

    public boolean authenticate(String username, String password) throws SQLException {
        Optional<String> stored = users.findPasswordHash(username);
        boolean matches = hasher.matches(password, stored.orElse(decoyHash));
        return stored.isPresent() && matches;
    }
}
