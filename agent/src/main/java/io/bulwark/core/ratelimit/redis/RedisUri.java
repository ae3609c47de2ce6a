package io.bulwark.core.ratelimit.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A standalone Redis server: {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://} for TLS.
 * Checked here, so that a bad one is one clear line, and handed to Jedis part by part. {@link #toString()} never
 * shows the password.
 */
record RedisUri(String host, int port, boolean tls, String user, String password, int database) {

    static final int DEFAULT_PORT = 6379;

    /** @throws IllegalArgumentException with a message that says what is wrong (and never the password) */
    static RedisUri parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no Redis URI is configured (rate_limit.redis.url or "
                + "RATE_LIMIT_REDIS_URL, e.g. redis://127.0.0.1:6379)");
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (!"redis".equalsIgnoreCase(scheme) && !"rediss".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("the scheme must be redis:// or rediss://, got "
                + (scheme == null ? "none" : scheme + "://"));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in the Redis URI (expected redis://host:port)");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("the Redis URI takes no query or fragment");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = colon < 0 ? null : decode(info.substring(0, colon));
            password = decode(colon < 0 ? info : info.substring(colon + 1));
            if (user != null && user.isEmpty()) {
                user = null;
            }
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
            : uri.getHost(); // an IPv6 literal, without the brackets of its URI form
        return new RedisUri(host, uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(),
            "rediss".equalsIgnoreCase(scheme), user, password, database(uri.getPath()));
    }

    private static int database(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        String number = path.substring(1);
        if (!number.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("the path of a Redis URI is a database number, got " + path);
        }
        return Integer.parseInt(number);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        String host = this.host.contains(":") ? "[" + this.host + "]" : this.host;
        return (tls ? "rediss://" : "redis://") + (password != null ? "***@" : "") + host + ":" + port
            + (database != 0 ? "/" + database : "");
    }
}
