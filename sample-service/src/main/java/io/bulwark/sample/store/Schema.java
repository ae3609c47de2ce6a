package io.bulwark.sample.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** Creates the tables if they are missing and seeds the demo user. Safe to run from several instances at once. */
public final class Schema {

    // any constant works; it serialises concurrent schema creation across service instances
    private static final long SCHEMA_LOCK_KEY = 0x5A4D504C45L;

    private final String demoUsername;
    private final String demoPasswordHash;

    public Schema(String demoUsername, String demoPasswordHash) {
        this.demoUsername = demoUsername;
        this.demoPasswordHash = demoPasswordHash;
    }

    void apply(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK_KEY + ")");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS users (
                        id            BIGSERIAL PRIMARY KEY,
                        username      TEXT NOT NULL UNIQUE,
                        password_hash TEXT NOT NULL,
                        created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
                    )""");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS transactions (
                        id          BIGSERIAL PRIMARY KEY,
                        user_id     TEXT NOT NULL,
                        amount      NUMERIC(12, 2) NOT NULL CHECK (amount > 0),
                        currency    TEXT NOT NULL,
                        type        TEXT NOT NULL,
                        product     TEXT NOT NULL,
                        description TEXT NOT NULL DEFAULT '',
                        created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
                    )""");
            statement.execute("""
                    CREATE INDEX IF NOT EXISTS transactions_user_created_idx
                        ON transactions (user_id, created_at DESC, id DESC)""");
            try (PreparedStatement seed = connection.prepareStatement(
                    "INSERT INTO users (username, password_hash) VALUES (?, ?) ON CONFLICT (username) DO NOTHING")) {
                seed.setString(1, demoUsername);
                seed.setString(2, demoPasswordHash);
                seed.executeUpdate();
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
