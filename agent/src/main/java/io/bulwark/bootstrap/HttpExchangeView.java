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

    /** Every value of a request header joined with ", " (as for X-Forwarded-For sent on several lines), or null. */
    String requestHeaderValues(String name);

    /** The socket peer (not a forwarded address), or null when unknown. */
    InetSocketAddress peerAddress();

    /** Sets (replaces) a response header; ignored once the response has been committed. */
    void setResponseHeader(String name, String value);

    /** Adds a value to a response header that may already have values (e.g. Vary). */
    void addResponseHeader(String name, String value);

    int status();

    /**
     * Prepares this exchange so that the agent may later answer in place of the application (see {@link #preempt});
     * called when the request starts. Returns false when the server cannot do it.
     */
    boolean preemptible();

    /**
     * From any thread: answers the request in place of the application if its response has not started, and from
     * then on discards whatever the application writes, so the answer and the connection stay intact. Returns false
     * (and changes nothing) when the application's response had already started.
     */
    boolean preempt(int status, String contentType, String body);

    /** Interrupts the thread running the application's handler for this request, if one is. */
    void interruptHandler();

    /** The route template the server's router matched, such as /items/{id}, or null. */
    String routeTemplate();

    /** The name of the principal the server authenticated, or null. */
    String authenticatedUser();
}
