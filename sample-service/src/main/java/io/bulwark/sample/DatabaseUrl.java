package io.bulwark.sample;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL location as JDBC wants it. Accepts the libpq style {@code postgresql://user:pass@host:port/db}
 * (also {@code postgres://}) and {@code jdbc:postgresql://...}; credentials in the URL's user-info part are
 * moved out because the JDBC driver does not read them there. User and password are null when not given.
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("DATABASE_URL is empty");
        }
        String trimmed = url.trim();
        String withoutJdbc = trimmed.startsWith("jdbc:") ? trimmed.substring("jdbc:".length()) : trimmed;
        URI uri;
        try {
            uri = new URI(withoutJdbc);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("DATABASE_URL is not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme();
        if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
            throw new IllegalArgumentException(
                    "DATABASE_URL must start with postgresql://, postgres:// or jdbc:postgresql://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("DATABASE_URL has no host");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.length() <= 1) {
            throw new IllegalArgumentException("DATABASE_URL has no database name");
        }

        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() != -1) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append(path);
        if (uri.getRawQuery() != null) {
            jdbc.append('?').append(uri.getRawQuery());
        }

        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        return new DatabaseUrl(jdbc.toString(), user, password);
    }

    /** Percent-decoding only: a '+' in a password is a plus, not a space. */
    private static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + jdbcUrl + ", user=" + user + "]";
    }
}
