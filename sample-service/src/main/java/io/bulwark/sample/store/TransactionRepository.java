package io.bulwark.sample.store;

import io.bulwark.sample.transactions.NewTransaction;
import io.bulwark.sample.transactions.Transaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Transactions in PostgreSQL, the system of record. */
public final class TransactionRepository {

    private static final String COLUMNS = "id, user_id, amount, currency, type, product, description, created_at";

    private final Database database;

    public TransactionRepository(Database database) {
        this.database = database;
    }

    /** Inserts and commits (the pool's connections auto-commit), returning the stored row. */
    public Transaction insert(String userId, NewTransaction transaction) throws SQLException {
        try (Connection connection = database.connection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO transactions (user_id, amount, currency, type, product, description)"
                             + " VALUES (?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS)) {
            insert.setString(1, userId);
            insert.setBigDecimal(2, transaction.amount());
            insert.setString(3, transaction.currency());
            insert.setString(4, transaction.type());
            insert.setString(5, transaction.product());
            insert.setString(6, transaction.description());
            try (ResultSet rows = insert.executeQuery()) {
                rows.next();
                return read(rows);
            }
        }
    }

    public Optional<Transaction> findById(long id) throws SQLException {
        try (Connection connection = database.connection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT " + COLUMNS + " FROM transactions WHERE id = ?")) {
            query.setLong(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    /** The user's transactions, newest first. */
    public List<Transaction> findByUser(String userId, int limit) throws SQLException {
        try (Connection connection = database.connection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT " + COLUMNS + " FROM transactions WHERE user_id = ?"
                             + " ORDER BY created_at DESC, id DESC LIMIT ?")) {
            query.setString(1, userId);
            query.setInt(2, limit);
            try (ResultSet rows = query.executeQuery()) {
                List<Transaction> transactions = new ArrayList<>();
                while (rows.next()) {
                    transactions.add(read(rows));
                }
                return transactions;
            }
        }
    }

    private static Transaction read(ResultSet row) throws SQLException {
        return new Transaction(
                row.getLong("id"),
                row.getString("user_id"),
                row.getBigDecimal("amount"),
                row.getString("currency"),
                row.getString("type"),
                row.getString("product"),
                row.getString("description"),
                row.getObject("created_at", OffsetDateTime.class).toInstant().toString());
    }
}
