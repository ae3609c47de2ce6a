package io.bulwark.instrumentation.servlet.javax;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.bootstrap.HttpExchangeView;
import io.bulwark.bootstrap.InboundHttp;
import io.bulwark.bootstrap.InboundRequest;
import io.bulwark.instrumentation.servlet.RemotePeer;
import io.bulwark.instrumentation.servlet.ResponseGate;
import io.bulwark.instrumentation.servlet.ThreadScope;
import javax.servlet.ServletOutputStream;
import javax.servlet.http.HttpServletMapping;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.MappingMatch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Enumeration;

/** One servlet request/response seen through JDK types, and the steps of its life that the pipeline must see. */
final class JavaxExchange implements HttpExchangeView {

    private final InboundHttp inbound;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final GuardedResponse guarded;
    private final ResponseGate gate = new ResponseGate();
    private InboundRequest call;
    private ThreadScope scope;
    private volatile boolean applicationFailed;

    private JavaxExchange(InboundHttp inbound, HttpServletRequest request, HttpServletResponse response) {
        this.inbound = inbound;
        this.request = request;
        this.response = response;
        this.guarded = new GuardedResponse(response, this);
    }

    /** Starts the pipeline for a request; null when the agent does not handle it. */
    static JavaxExchange begin(InboundHttp inbound, HttpServletRequest request, HttpServletResponse response) {
        JavaxExchange exchange = new JavaxExchange(inbound, request, response);
        exchange.call = inbound.begin(exchange);
        return exchange.call == null ? null : exchange;
    }

    InboundRequest call() {
        return call;
    }

    GuardedResponse guarded() {
        return guarded;
    }

    /** The application's thread enters: the request becomes current there, with its ID in the application's MDC. */
    void enterThread(Class<?> applicationClass) {
        gate.handlerThread(Thread.currentThread());
        scope = ThreadScope.enter(applicationClass, inbound.mdcKey(), call);
    }

    void leaveThread() {
        scope.exit();
        gate.handlerLeft();
    }

    /** Writes the agent's own answer (a 429, a CORS preflight...) in place of the application's. */
    void answer() throws IOException {
        guarded.setStatus(call.agentStatus());
        String body = call.agentBody();
        if (call.agentContentType() != null) {
            guarded.setContentType(call.agentContentType());
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        guarded.setContentLength(bytes.length);
        ServletOutputStream out = guarded.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /**
     * The application is about to write or commit the response: false when the agent owns it (after its 504), else
     * the pipeline's commit step runs, once.
     */
    boolean applicationWrites() {
        if (!gate.applicationMayWrite()) {
            return false;
        }
        commitOnce();
        return true;
    }

    /** After the agent's own answer (a 504) the application's response goes nowhere. */
    boolean agentOwns() {
        return gate.agentOwns();
    }

    private void commitOnce() {
        if (gate.firstCommit()) {
            try {
                inbound.beforeCommit(call, this);
            } catch (Throwable error) {
                Bulwark.reportError("servlet.commit", error);
            }
        }
    }

    /** The application threw out of the servlet: the container answers 500 unless the response had started. */
    void applicationFailed() {
        applicationFailed = true;
    }

    /** The request has ended: headers still go out if the application never wrote, then the pipeline completes. */
    void finish() {
        if (gate.applicationMayWrite() && !response.isCommitted()) {
            commitOnce();
        }
        completeOnce();
    }

    private void completeOnce() {
        if (gate.firstCompletion()) {
            try {
                inbound.complete(call, this);
            } catch (Throwable error) {
                Bulwark.reportError("servlet.complete", error);
            }
        }
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        String pathInfo = request.getPathInfo();
        String path = request.getServletContext().getContextPath() + request.getServletPath();
        return pathInfo == null ? (path.isEmpty() ? "/" : path) : path + pathInfo;
    }

    @Override
    public String query() {
        String query = request.getQueryString();
        return query == null ? "" : query;
    }

    @Override
    public String requestHeader(String name) {
        return request.getHeader(name);
    }

    @Override
    public String requestHeaderValues(String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return first;
        }
        StringBuilder joined = new StringBuilder(first);
        while (values.hasMoreElements()) {
            joined.append(", ").append(values.nextElement());
        }
        return joined.toString();
    }

    @Override
    public InetSocketAddress peerAddress() {
        return RemotePeer.of(request.getRemoteAddr(), request.getRemotePort());
    }

    @Override
    public void setResponseHeader(String name, String value) {
        if (!response.isCommitted()) {
            response.setHeader(name, value);
        }
    }

    @Override
    public void addResponseHeader(String name, String value) {
        if (!response.isCommitted()) {
            response.addHeader(name, value);
        }
    }

    @Override
    public int status() {
        return applicationFailed && !response.isCommitted() ? 500 : response.getStatus();
    }

    @Override
    public boolean preemptible() {
        return !response.isCommitted();
    }

    @Override
    public boolean preempt(int status, String contentType, String body) {
        if (!gate.claimForAgent()) {
            return false;
        }
        try {
            if (!response.isCommitted()) {
                response.reset();
                response.setStatus(status);
                response.setContentType(contentType);
                // the application still holds the connection's thread: the client must not wait on it for its next request
                response.setHeader("Connection", "close");
                commitOnce();
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                response.setContentLength(bytes.length);
                ServletOutputStream out = response.getOutputStream();
                out.write(bytes);
                out.close();
            }
        } catch (IOException | RuntimeException error) {
            Bulwark.reportError("servlet.preempt", error);
        }
        completeOnce();
        return true;
    }

    @Override
    public void interruptHandler() {
        gate.interruptHandler();
    }

    /** An exact servlet mapping is a bounded route of the application; wildcard mappings are left to the config. */
    @Override
    public String routeTemplate() {
        HttpServletMapping mapping;
        try {
            mapping = request.getHttpServletMapping();
        } catch (LinkageError olderApi) {
            return null; // a container older than Servlet 4 has no mappings to report
        }
        if (mapping == null || mapping.getMappingMatch() != MappingMatch.EXACT) {
            return null;
        }
        return request.getServletContext().getContextPath() + mapping.getPattern();
    }

    @Override
    public String authenticatedUser() {
        Principal principal = request.getUserPrincipal();
        return principal == null ? null : principal.getName();
    }
}
