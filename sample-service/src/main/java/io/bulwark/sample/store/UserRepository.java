package io.bulwark.sample.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Reads API users. */
public final class UserRepository {

    private final Database database;

    public UserRepository(Database database) {
        this.database = database;
    }

    public Optional<String> findPasswordHash(String username) throws SQLException {
        try (Connection connection = database.connection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT password_hash FROM users WHERE username = ?")) {
            query.setString(1, username);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }
}
