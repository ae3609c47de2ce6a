package io.bulwark.instrumentation.jdbc;

import io.bulwark.bootstrap.InboundRequest;

/**
 * Injected beside the JDBC classes: puts the ID of the request being handled in front of the SQL as a comment, so
 * that the database's own logs (slow-query log, pg_stat_activity) name the request. Only IDs made of letters,
 * digits and {@code . _ : -} are written, whatever the request-ID policy allows, so a client-chosen ID can never
 * end the comment and inject SQL.
 */
public final class SqlComments {

    static final String PREFIX = "/* request_id=";
    private static final int MAX_ID_LENGTH = 128;

    private SqlComments() {
    }

    /** The hook's replacement of a method's SQL argument: see {@link #withRequestId}. */
    public static Object commented(Object sql) {
        return sql instanceof String text ? withRequestId(text) : sql;
    }

    /** The SQL with the comment, or as it was: outside a request, for an unsafe ID, or when a wrapper added it. */
    public static String withRequestId(String sql) {
        if (sql == null || sql.startsWith(PREFIX)) {
            return sql;
        }
        InboundRequest request = InboundRequest.current();
        String id = request == null ? null : request.requestId();
        return id != null && safe(id) ? PREFIX + id + " */ " + sql : sql;
    }

    static boolean safe(String id) {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == ':' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
