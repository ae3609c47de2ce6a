package io.bulwark.core.accesslog;

import io.bulwark.bootstrap.HttpExchangeView;
import io.bulwark.core.http.InboundCall;
import io.bulwark.core.http.InboundStage;

/** Hands one entry per completed request to the access log. */
public final class AccessLogStage implements InboundStage {

    private final AccessLog log;
    private final String userHeader;

    /**
     * @param userHeader a request header trusted to carry the user ID, or null
     */
    public AccessLogStage(AccessLog log, String userHeader) {
        this.log = log;
        this.userHeader = userHeader;
    }

    @Override
    public void onComplete(InboundCall call, HttpExchangeView exchange, String endpoint, long durationNanos) {
        String user = exchange.authenticatedUser();
        if (user == null && userHeader != null) {
            user = exchange.requestHeader(userHeader);
        }
        log.submit(new AccessLogEntry(System.currentTimeMillis(), call.requestId(), call.method(), call.path(),
            call.query(), endpoint, exchange.status(), durationNanos, call.peer(), call.userAgent(), user,
            call.authorization()));
    }
}
