package io.bulwark.bootstrap;

import java.net.InetSocketAddress;

/** A server's request/response, translated into JDK types by the server's instrumentation. */
public interface HttpExchangeView {

    String method();

    /** The decoded request path, without the query string. */
    String path();

    /** The raw query string without '?', or "" when there is none. */
    String query();

    /** The first value of a request header, or null. */
    String requestHeader(String name);

    /** The socket peer (not a forwarded address), or null when unknown. */
    InetSocketAddress peerAddress();

    /** Sets (replaces) a response header; ignored once the response has been committed. */
    void setResponseHeader(String name, String value);

    int status();

    /** The route template the server's router matched, such as /items/{id}, or null. */
    String routeTemplate();

    /** The name of the principal the server authenticated, or null. */
    String authenticatedUser();
}
