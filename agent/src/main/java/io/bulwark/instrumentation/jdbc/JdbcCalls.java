package io.bulwark.instrumentation.jdbc;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.bootstrap.CallDepth;
import io.bulwark.bootstrap.DownstreamCall;
import io.bulwark.bootstrap.InboundRequest;
import io.bulwark.instrumentation.ClientServices;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;

/**
 * Injected beside the JDBC classes it helps (drivers, pools, statements): what the JDBC hooks do, in one place.
 * Only the outermost JDBC call on a thread is protected and recorded (a pool's statement proxy and the driver's
 * statement it delegates to are one call). A refused call ends in the driver's own "cannot connect" failure, an
 * {@link SQLTransientConnectionException} with SQLState 08001, without touching the network.
 *
 * <p>A call's service is the one whose match covers the JDBC URL (of Driver.connect, or of the statement's
 * connection, found once per statement object); a statement the application left without a query timeout gets the
 * service's call_timeout as one (in whole seconds, rounded up), so that the driver cancels it the way it would
 * cancel at the application's own timeout.
 */
public final class JdbcCalls {

    private static final String LIBRARY = "database";
    private static final ClientServices SERVICES = new ClientServices(LIBRARY);
    private static final String CONNECT = "connect";
    private static final String SQL_STATE_CANNOT_CONNECT = "08001";
    private static final CallDepth DEPTH = CallDepth.of("jdbc");

    /** Why a call is refused; the hook skips the method when {@code enter*} returns one of these. */
    private static final String DEADLINE_PASSED = "the deadline of the request being handled has passed";

    private JdbcCalls() {
    }

    /**
     * Enters a statement execution (the method name says which operation). Returns the call to record, a refusal
     * (a String) when the call must not be made, or null when it is nested in another JDBC call.
     */
    public static Object enterStatement(Object statement, Object method) {
        if (DEPTH.enter() > 0) {
            return null;
        }
        String service = SERVICES.of(statement, JdbcCalls::statementUrl);
        Object entered = start(service, operation((String) method));
        if (entered instanceof DownstreamCall && statement instanceof Statement bounded) {
            boundQuery(bounded, service);
        }
        return entered;
    }

    /** Enters Driver.connect; a driver asked about a URL not its own (DriverManager asks them all) is left alone. */
    public static Object enterConnect(Object connecting, Object jdbcUrl) {
        if (DEPTH.enter() > 0) {
            return null;
        }
        String url = (String) jdbcUrl;
        try {
            if (!((Driver) connecting).acceptsURL(url)) {
                return null;
            }
        } catch (Exception notDecidable) {
            return null;
        }
        return start(Bulwark.downstream().service(LIBRARY, url), CONNECT);
    }

    /**
     * Enters a call inside which nothing is recorded or refused: the driver's own liveness check
     * (Connection.isValid). A pool runs it on idle connections before handing them out; after an outage those are
     * stale, and their failing checks (which the pool answers by opening new connections) say nothing about the
     * database now.
     */
    public static Object enterUnrecorded() {
        DEPTH.enter();
        return null;
    }

    public static void exitUnrecorded() {
        DEPTH.exit();
    }

    /**
     * A connection checkout from a DataSource (a pool, usually): refused while the breaker is open or the deadline
     * has passed; otherwise let through without holding a permit and without counting as a JDBC call, since the
     * connects and statements it leads to (on this thread or the pool's) are protected on their own. Returns the
     * refusal, or null.
     */
    public static Object checkout(Object dataSource) {
        if (InboundRequest.currentDeadlinePassed()) {
            return DEADLINE_PASSED;
        }
        // unknown until a first checkout shows which database it leads to (only when the config splits databases)
        String service = SERVICES.known(dataSource);
        return service != null && Bulwark.downstream().rejects(service, CONNECT) ? breakerOpen(service) : null;
    }

    /**
     * Leaves a checkout: a returned connection shows which service the DataSource leads to. Returns what the method
     * is to throw: the refusal's failure when {@code checkout} refused.
     */
    public static Object checkedOut(Object dataSource, Object refusal, Object connection, Object thrown) {
        if (refusal instanceof String refused) {
            return refused(refused);
        }
        if (connection != null) {
            SERVICES.rememberLike(dataSource, connection, JdbcCalls::connectionUrl);
        }
        return thrown;
    }

    /** Whether {@code enter*} refused the call: the method is skipped, and its exit throws the refusal's failure. */
    public static boolean refuses(Object entered) {
        return entered instanceof String;
    }

    /** Leaves a call entered by {@code enter*}: records it, and returns what the method is to throw. */
    public static Object exit(Object entered, Object thrown) {
        DEPTH.exit();
        if (entered instanceof DownstreamCall call) {
            if (thrown == null) {
                call.success();
            } else {
                call.failure((Throwable) thrown);
            }
            return thrown;
        }
        return entered instanceof String refusal ? refused(refusal) : thrown;
    }

    /** The failure of a refused call: what the driver throws when it cannot connect. */
    public static SQLTransientConnectionException refused(String refusal) {
        return new SQLTransientConnectionException("Bulwark: " + refusal + "; the call was not made",
            SQL_STATE_CANNOT_CONNECT);
    }

    private static Object start(String service, String operation) {
        if (InboundRequest.currentDeadlinePassed()) {
            return DEADLINE_PASSED;
        }
        DownstreamCall call = Bulwark.downstream().start(service, operation);
        return call.permitted() ? call : breakerOpen(service);
    }

    private static String breakerOpen(String service) {
        return "the circuit breaker of service '" + service + "' is open";
    }

    /** call_timeout as the statement's query timeout, unless the application set one. */
    private static void boundQuery(Statement statement, String service) {
        long millis = Bulwark.downstream().callTimeoutMillis(service);
        if (millis <= 0) {
            return;
        }
        try {
            if (statement.getQueryTimeout() == 0) {
                statement.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, (millis + 999) / 1000));
            }
        } catch (SQLException | RuntimeException unsupported) {
            // a driver without query timeouts (or a closed statement, which fails on execute anyway): unbounded
        }
    }

    private static String statementUrl(Object statement) {
        try {
            return connectionUrl(((Statement) statement).getConnection());
        } catch (SQLException unknown) {
            return null;
        }
    }

    private static String connectionUrl(Object connection) {
        try {
            return ((Connection) connection).getMetaData().getURL();
        } catch (SQLException unknown) {
            return null;
        }
    }


    private static String operation(String method) {
        return switch (method) {
            case "executeQuery" -> "query";
            case "executeUpdate", "executeLargeUpdate" -> "update";
            case "executeBatch", "executeLargeBatch" -> "batch";
            default -> "execute";
        };
    }
}
