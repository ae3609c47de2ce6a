package io.bulwark.sample.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.bulwark.sample.DatabaseUrl;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL connection pool. The pool starts without a database; the schema is created on the first
 * connection that succeeds, so a service started before its database becomes usable once the database is up.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final Schema schema;
    private volatile boolean schemaReady;

    public Database(DatabaseUrl url, Schema schema) {
        this.schema = schema;
        HikariConfig config = new HikariConfig();
        config.setPoolName("sample-db");
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(10);
        config.setConnectionTimeout(2_000);
        config.setValidationTimeout(1_000);
        // do not fail start-up when the database is down
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("connectTimeout", "2");
        config.addDataSourceProperty("ApplicationName", "bulwark-sample-service");
        this.dataSource = new HikariDataSource(config);
    }

    /** Tries to create the schema now; a database that is down is only logged, the next use retries. */
    public void initializeQuietly() {
        try (Connection ignored = connection()) {
            log.info("Database schema ready");
        } catch (SQLException e) {
            log.warn("Database not reachable at start-up, schema creation will be retried on first use: {}",
                    e.getMessage());
        }
    }

    /** A pooled connection on a database whose schema exists. */
    public Connection connection() throws SQLException {
        Connection connection = dataSource.getConnection();
        if (!schemaReady) {
            try {
                createSchema(connection);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    private synchronized void createSchema(Connection connection) throws SQLException {
        if (!schemaReady) {
            schema.apply(connection);
            schemaReady = true;
        }
    }

    public boolean isHealthy() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    /** True when the error means "the database cannot be reached", as opposed to a bad statement. */
    public static boolean isUnavailable(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientException
                || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLRecoverableException
                || (state != null && (state.startsWith("08") || state.startsWith("57P")));
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
