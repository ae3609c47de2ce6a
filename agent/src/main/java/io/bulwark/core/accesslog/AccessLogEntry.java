package io.bulwark.core.accesslog;

import java.net.InetSocketAddress;

/**
 * What the request thread hands to the access-log writer: references only, formatted later on the writer thread.
 * {@code authorization} is kept so that a configured token verifier can find the user off the request thread.
 */
public record AccessLogEntry(long epochMillis, String requestId, String method, String path, String query,
                             String endpoint, int status, long durationNanos, InetSocketAddress peer,
                             String userAgent, String user, String authorization) {
}
