package io.bulwark.instrumentation.undertow;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.bootstrap.HttpExchangeView;
import io.bulwark.bootstrap.InboundHttp;
import io.bulwark.bootstrap.InboundRequest;
import io.bulwark.bootstrap.Mdc;
import io.undertow.security.api.SecurityContext;
import io.undertow.security.idm.Account;
import io.undertow.server.ConduitWrapper;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ConduitFactory;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.PathTemplateMatch;

import org.xnio.IoUtils;
import org.xnio.channels.Channels;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.StreamSinkConduit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One Undertow exchange seen through JDK types, and the response wrapper and completion listener that tell the
 * pipeline about its life.
 */
final class UndertowExchange implements HttpExchangeView, ConduitWrapper<StreamSinkConduit>,
    ExchangeCompletionListener {

    /** Header names the engine reads and sets, converted once; the engine uses about a dozen. */
    private static final HeaderNames HEADER_NAMES = new HeaderNames(64);

    private final HttpServerExchange exchange;
    private final InboundHttp inbound;
    private InboundRequest request;
    private volatile ResponseOwner responseOwner;
    private volatile Thread handlerThread;

    private final Mdc mdc;

    private UndertowExchange(InboundHttp inbound, HttpServerExchange exchange, Mdc mdc) {
        this.inbound = inbound;
        this.exchange = exchange;
        this.mdc = mdc;
    }

    /** @param applicationClass the root handler's class: its class loader is the one whose SLF4J MDC is used */
    static UndertowExchange begin(InboundHttp inbound, HttpServerExchange exchange, Class<?> applicationClass) {
        UndertowExchange view = new UndertowExchange(inbound, exchange, Mdc.of(applicationClass));
        view.request = inbound.begin(view);
        if (view.request == null) {
            return null;
        }
        exchange.putAttachment(UndertowInbound.EXCHANGE, view);
        exchange.addResponseWrapper(view);
        exchange.addExchangeCompleteListener(view);
        return view;
    }

    InboundRequest request() {
        return request;
    }

    /** The application's MDC, which gets the request ID on every thread that runs the exchange's handler. */
    Mdc mdc() {
        return mdc;
    }

    /** Records which thread runs the application's handler now (null when none does). */
    void handlerThread(Thread thread) {
        handlerThread = thread;
    }

    Thread handlerThread() {
        return handlerThread;
    }

    /**
     * Runs once, when the response channel is created (the response starts): tells the pipeline the response is
     * about to be committed, as a ResponseCommitListener would (Undertow implements those with a response wrapper
     * of its own: one more wrapper, and its factory, per request), and puts a {@link PreemptionGate} in front of the
     * connection when the request may be preempted.
     */
    @Override
    public StreamSinkConduit wrap(ConduitFactory<StreamSinkConduit> factory, HttpServerExchange ignored) {
        ResponseOwner owner = responseOwner;
        if (owner != null) {
            owner.channelTaken();
        }
        try {
            inbound.beforeCommit(request, this);
        } catch (Throwable error) {
            Bulwark.reportError("undertow.commit", error);
        }
        StreamSinkConduit next = factory.create();
        return owner == null ? next : new PreemptionGate(next, owner);
    }

    @Override
    public void exchangeEvent(HttpServerExchange ignored, NextListener next) {
        try {
            inbound.complete(request, this);
        } catch (Throwable error) {
            Bulwark.reportError("undertow.complete", error);
        } finally {
            next.proceed();
        }
    }

    @Override
    public String method() {
        return exchange.getRequestMethod().toString();
    }

    @Override
    public String path() {
        return exchange.getRequestPath();
    }

    @Override
    public String query() {
        return exchange.getQueryString();
    }

    @Override
    public String requestHeader(String name) {
        return exchange.getRequestHeaders().getFirst(headerName(name));
    }

    @Override
    public String requestHeaderValues(String name) {
        HeaderValues values = exchange.getRequestHeaders().get(headerName(name));
        if (values == null || values.isEmpty()) {
            return null;
        }
        return values.size() == 1 ? values.getFirst() : String.join(", ", values);
    }

    @Override
    public InetSocketAddress peerAddress() {
        return exchange.getConnection().getPeerAddress(InetSocketAddress.class);
    }

    @Override
    public void setResponseHeader(String name, String value) {
        if (!exchange.isResponseStarted()) {
            exchange.getResponseHeaders().put(headerName(name), value);
        }
    }

    @Override
    public void addResponseHeader(String name, String value) {
        if (!exchange.isResponseStarted()) {
            exchange.getResponseHeaders().add(headerName(name), value);
        }
    }

    /** Looking a header up by String makes Undertow convert the name to bytes on every call; an HttpString does not. */
    private static HttpString headerName(String name) {
        return HEADER_NAMES.of(name);
    }

    @Override
    public int status() {
        return exchange.getStatusCode();
    }

    @Override
    public boolean preemptible() {
        if (exchange.isResponseStarted()) {
            return false;
        }
        // the gate itself is put in place by wrap(), when the response channel is created
        responseOwner = new ResponseOwner();
        return true;
    }

    @Override
    public boolean preempt(int status, String contentType, String body) {
        ResponseOwner owner = responseOwner;
        if (owner == null || exchange.isComplete() || !owner.claimForAgent()) {
            return false;
        }
        try {
            if (!exchange.isResponseStarted()) {
                exchange.setStatusCode(status);
                HeaderMap headers = exchange.getResponseHeaders();
                headers.clear();
                headers.put(Headers.CONTENT_TYPE, contentType);
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.setResponseContentLength(bytes.length);
                StreamSinkChannel channel = exchange.getResponseChannel();
                if (channel != null) {
                    Channels.writeBlocking(channel, ByteBuffer.wrap(bytes));
                    channel.shutdownWrites();
                    Channels.flushBlocking(channel);
                }
            }
            // Ends the exchange although the handler still runs: the connection moves on to its next request. When
            // the application had taken the response channel without writing, this sends the status without a body.
            exchange.endExchange();
        } catch (IOException | RuntimeException error) {
            // the application was preparing its own response at that very moment: rather than leave the client
            // waiting on a half-written answer, close the connection
            IoUtils.safeClose(exchange.getConnection());
            Bulwark.warnOnce("undertow.timeout", "the application started its own response while the agent was"
                + " answering 504 (" + error + "); the connection was closed instead");
        } finally {
            owner.closeForEveryone();
        }
        return true;
    }

    @Override
    public void interruptHandler() {
        Thread thread = handlerThread;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public String routeTemplate() {
        PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
        return match == null ? null : match.getMatchedTemplate();
    }

    @Override
    public String authenticatedUser() {
        SecurityContext security = exchange.getSecurityContext();
        Account account = security == null ? null : security.getAuthenticatedAccount();
        return account == null || account.getPrincipal() == null ? null : account.getPrincipal().getName();
    }

    /**
     * Header names converted once: name, HttpString, name, HttpString... in one array, looked up by identity first (the
     * engine passes the same few String instances every time), then by equality. A scan of this one array touches a
     * cache line or two per request, where a map touched a node per name, each a miss under load (~0.6 us per request
     * in a profile). Replaced whole when a name is added; past {@code max} names, a name is converted on each call.
     */
    static final class HeaderNames {
        private final int max;
        private volatile Object[] known = new Object[0];

        HeaderNames(int max) {
            this.max = max;
        }

        HttpString of(String name) {
            Object[] names = known;
            for (int i = 0; i < names.length; i += 2) {
                if (names[i] == name) {
                    return (HttpString) names[i + 1];
                }
            }
            HttpString equal = equalIn(names, name);
            if (equal != null) {
                return equal;
            }
            return names.length < 2 * max ? add(name) : new HttpString(name);
        }

        private synchronized HttpString add(String name) {
            Object[] names = known;
            HttpString equal = equalIn(names, name); // another thread may have added it meanwhile
            if (equal != null) {
                return equal;
            }
            HttpString converted = new HttpString(name);
            if (names.length < 2 * max) {
                Object[] more = Arrays.copyOf(names, names.length + 2);
                more[names.length] = name;
                more[names.length + 1] = converted;
                known = more;
            }
            return converted;
        }

        private static HttpString equalIn(Object[] names, String name) {
            for (int i = 0; i < names.length; i += 2) {
                if (names[i].equals(name)) {
                    return (HttpString) names[i + 1];
                }
            }
            return null;
        }
    }
}
