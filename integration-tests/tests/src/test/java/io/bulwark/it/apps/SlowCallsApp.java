package io.bulwark.it.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static io.bulwark.it.apps.AppHttp.answer;
import static io.bulwark.it.apps.AppHttp.await;

/**
 * A tiny application whose own timeouts are long (10 s), run with the agent by CallTimeoutIT to show call_timeout
 * bounding its calls: lettuce sync and async GETs, and PostgreSQL pg_sleep statements on one JDBC connection, with
 * the query timeout left at 0 or set by the application. Args: port, Redis URL, JDBC URL (user and password
 * postgres). Each endpoint answers 200 with "value:..." or "error:&lt;class&gt;:&lt;SQLState&gt;:&lt;message&gt;".
 */
public final class SlowCallsApp {

    /** How long an endpoint waits for an async call's future. */
    private static final Duration AWAIT = Duration.ofSeconds(30);

    private static final Duration OWN_TIMEOUT = Duration.ofSeconds(10);

    private SlowCallsApp() {
    }

    public static void main(String[] args) throws Exception {
        RedisURI uri = RedisURI.create(args[1]);
        uri.setTimeout(OWN_TIMEOUT);
        StatefulRedisConnection<String, String> redis = RedisClient.create(uri).connect();
        Connection database = DriverManager.getConnection(args[2], "postgres", "postgres");

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
        server.createContext("/ready", exchange -> answer(exchange, "value:ready"));
        server.createContext("/redis/get", exchange -> answer(exchange, outcome(() -> redis.sync().get("key"))));
        server.createContext("/redis/async-get", exchange -> answer(exchange,
            outcome(() -> await(redis.async().get("key"), AWAIT))));
        // ?seconds=N: pg_sleep(N) with the statement's query timeout as the application left it (0, none)
        server.createContext("/db/sleep", exchange -> answer(exchange, outcome(() -> sleep(database, exchange, 0))));
        // the same with the application's own query timeout of 10 s
        server.createContext("/db/sleep-own-timeout", exchange -> answer(exchange,
            outcome(() -> sleep(database, exchange, (int) OWN_TIMEOUT.toSeconds()))));
        server.start();
    }

    private static synchronized Object sleep(Connection database, HttpExchange exchange, int queryTimeout)
        throws SQLException {
        double seconds = Double.parseDouble(exchange.getRequestURI().getQuery().substring("seconds=".length()));
        try (Statement statement = database.createStatement()) {
            statement.setQueryTimeout(queryTimeout);
            statement.execute("select pg_sleep(" + seconds + ")");
            return "slept " + seconds + " s, query timeout " + statement.getQueryTimeout();
        }
    }

    private static String outcome(AppHttp.Call call) {
        try {
            return "value:" + call.call();
        } catch (Exception e) {
            String state = e instanceof SQLException sql ? sql.getSQLState() : "";
            return "error:" + e.getClass().getName() + ":" + state + ":" + e.getMessage();
        }
    }
}
