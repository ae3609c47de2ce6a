package io.bulwark.core.accesslog;

import java.net.InetSocketAddress;

/** What the request thread hands to the access-log writer: references only, formatted on the writer thread. */
public record AccessLogEntry(long epochMillis, String requestId, String method, String path, String query,
                             String endpoint, int status, long durationNanos, InetSocketAddress peer,
                             String userAgent, String user) {
}
