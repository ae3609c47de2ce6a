package io.bulwark.it;

import io.bulwark.testbed.Jdks;
import io.bulwark.testbed.PostgresBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * request_id.sql_comment on the unmodified sample service: the SQL a request sends through HikariCP and the
 * PostgreSQL driver reaches the server with the request's ID as a leading comment, as the server's own statement log
 * shows it; SQL sent outside a request (the service creating its schema at start) goes unchanged. The service logs in
 * as a role of its own whose statements the server logs, so the shared server's log stays as it was for the others.
 */
class SqlCommentIT {

    private static final String ROLE = "bulwark_sql_comment_it";
    private static PostgresBackend postgres;
    private static AgentedProcess service;
    private static String token;
    /** Where this test's part of the server log starts. */
    private static long logStart;

    @BeforeAll
    static void start() throws Exception {
        postgres = SharedStack.get().postgres();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + ROLE + " LOGIN SUPERUSER PASSWORD 'it'");
            statement.execute("ALTER ROLE " + ROLE + " SET log_statement = 'all'");
        }
        logStart = Files.size(postgres.logFile());
        Map<String, String> env = new HashMap<>(SharedStack.get().env());
        env.put("DATABASE_URL", "postgresql://" + ROLE + ":it@127.0.0.1:" + postgres.port() + "/postgres");
        env.put("JWT_SECRET", "sql-comment-it-secret");
        Path config = AgentedProcess.writeConfig("sql-comment-config", """
            request_id:
              sql_comment: true
            """);
        service = AgentedProcess.sampleService("sql-comment", Jdks.jdk25().orElseThrow(), config, env);
        HttpResponse<String> login = service.postJson("/api/v1/auth/token", "{\"username\":\"demo\",\"password\":\"demo\"}");
        assertEquals(200, login.statusCode(), login.body());
        token = AgentedProcess.jsonField(login.body(), "access_token");
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (postgres == null) {
            return; // the shared backends never started: there is no role to drop
        }
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            // the service may have created the schema (as the first on the shared server): its tables stay
            statement.execute("REASSIGN OWNED BY " + ROLE + " TO postgres");
            statement.execute("DROP ROLE " + ROLE);
        }
    }

    @Test
    void aRequestsStatementsCarryItsIdAndStartUpStatementsNone() throws Exception {
        HttpResponse<String> created = service.postJson("/api/v1/transactions",
            "{\"amount\": 3.5, \"currency\": \"EUR\", \"type\": \"payment\", \"product\": \"sql-comment\"}",
            "Authorization", "Bearer " + token, "X-Request-ID", "sql-comment-it-1");
        assertEquals(201, created.statusCode(), created.body());

        String insert = awaitStatement("/* request_id=sql-comment-it-1 */ INSERT", Duration.ofSeconds(10));
        assertTrue(insert.contains("transactions"), insert);
        List<String> statements = statements();
        // the schema the service creates at start-up, before any request: no comment
        String schema = statements.stream().filter(line -> line.contains("CREATE TABLE")).findFirst()
            .orElseThrow(() -> new AssertionError("no CREATE TABLE logged: " + statements));
        assertFalse(schema.contains("request_id="), schema);
    }

    /** The server's statement log lines of this test's role since it started, in order. */
    private static List<String> statements() throws Exception {
        byte[] log = Files.readAllBytes(postgres.logFile());
        String since = new String(log, (int) logStart, log.length - (int) logStart, StandardCharsets.UTF_8);
        return since.lines().filter(line -> line.contains("LOG:  statement: ") || line.contains("LOG:  execute "))
            .toList();
    }

    private static String awaitStatement(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> statements = statements();
            for (String line : statements) {
                if (line.contains(text)) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no statement with " + text + " in the server log; logged: " + statements);
            }
            Thread.sleep(100);
        }
    }
}
