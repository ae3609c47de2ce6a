package io.bulwark.instrumentation.undertow;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.bootstrap.HttpExchangeView;
import io.bulwark.bootstrap.InboundHttp;
import io.bulwark.bootstrap.InboundRequest;
import io.undertow.security.api.SecurityContext;
import io.undertow.security.idm.Account;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ResponseCommitListener;
import io.undertow.util.HttpString;
import io.undertow.util.PathTemplateMatch;

import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;

/** One Undertow exchange seen through JDK types, and the listeners that tell the pipeline about its life. */
final class UndertowExchange implements HttpExchangeView, ResponseCommitListener, ExchangeCompletionListener {

    /** Header names the engine sets, converted once; bounded by the engine's handful of header names. */
    private static final ConcurrentHashMap<String, HttpString> HEADER_NAMES = new ConcurrentHashMap<>();

    private final HttpServerExchange exchange;
    private final InboundHttp inbound;
    private InboundRequest request;

    private UndertowExchange(InboundHttp inbound, HttpServerExchange exchange) {
        this.inbound = inbound;
        this.exchange = exchange;
    }

    static UndertowExchange begin(InboundHttp inbound, HttpServerExchange exchange) {
        UndertowExchange view = new UndertowExchange(inbound, exchange);
        view.request = inbound.begin(view);
        if (view.request == null) {
            return null;
        }
        exchange.putAttachment(UndertowInbound.EXCHANGE, view);
        exchange.addResponseCommitListener(view);
        exchange.addExchangeCompleteListener(view);
        return view;
    }

    InboundRequest request() {
        return request;
    }

    @Override
    public void beforeCommit(HttpServerExchange ignored) {
        try {
            inbound.beforeCommit(request, this);
        } catch (Throwable error) {
            Bulwark.reportError("undertow.commit", error);
        }
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
        return exchange.getRequestHeaders().getFirst(name);
    }

    @Override
    public InetSocketAddress peerAddress() {
        return exchange.getConnection().getPeerAddress(InetSocketAddress.class);
    }

    @Override
    public void setResponseHeader(String name, String value) {
        if (!exchange.isResponseStarted()) {
            exchange.getResponseHeaders().put(HEADER_NAMES.computeIfAbsent(name, HttpString::new), value);
        }
    }

    @Override
    public int status() {
        return exchange.getStatusCode();
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
}
