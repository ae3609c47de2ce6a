package io.bulwark.core.http;

import io.bulwark.bootstrap.HttpExchangeView;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An HTTP exchange as a server instrumentation would present it, for testing stages without a server. */
public final class FakeExchange implements HttpExchangeView {

    private final String method;
    private final String path;
    private final Map<String, String> requestHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    public final Map<String, List<String>> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    public int status = 200;
    public String routeTemplate;

    public FakeExchange(String method, String path) {
        this.method = method;
        this.path = path;
    }

    public FakeExchange header(String name, String value) {
        requestHeaders.put(name, value);
        return this;
    }

    /** Starts a call through a pipeline stage, as the pipeline would. */
    public InboundCall call() {
        return new InboundCall(0, method, path, "", peerAddress(), null);
    }

    public String responseHeader(String name) {
        List<String> values = responseHeaders.get(name);
        return values == null ? null : String.join(", ", values);
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String query() {
        return "";
    }

    @Override
    public String requestHeader(String name) {
        return requestHeaders.get(name);
    }

    @Override
    public String requestHeaderValues(String name) {
        return requestHeaders.get(name);
    }

    @Override
    public InetSocketAddress peerAddress() {
        return new InetSocketAddress("127.0.0.1", 50000);
    }

    @Override
    public void setResponseHeader(String name, String value) {
        responseHeaders.put(name, new ArrayList<>(List.of(value)));
    }

    @Override
    public void addResponseHeader(String name, String value) {
        responseHeaders.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }

    @Override
    public int status() {
        return status;
    }

    public boolean preempted;
    public boolean interrupted;

    @Override
    public boolean preemptible() {
        return true;
    }

    @Override
    public boolean preempt(int status, String contentType, String body) {
        if (preempted) {
            return false;
        }
        this.status = status;
        preempted = true;
        return true;
    }

    @Override
    public void interruptHandler() {
        interrupted = true;
    }

    @Override
    public String routeTemplate() {
        return routeTemplate;
    }

    @Override
    public String authenticatedUser() {
        return null;
    }

    @Override
    public String toString() {
        return method + " " + path + " " + new LinkedHashMap<>(responseHeaders);
    }
}
