package io.bulwark.core.accesslog;

import io.bulwark.bootstrap.HttpExchangeView;
import io.bulwark.core.http.InboundCall;
import io.bulwark.core.http.InboundStage;
import io.bulwark.core.identity.UserIdentity;

/** Hands one entry per completed request to the access log. */
public final class AccessLogStage implements InboundStage {

    private final AccessLog log;
    private final UserIdentity identity;

    public AccessLogStage(AccessLog log, UserIdentity identity) {
        this.log = log;
        this.identity = identity;
    }

    @Override
    public void onComplete(InboundCall call, HttpExchangeView exchange, String endpoint, long durationNanos) {
        String user = exchange.authenticatedUser();
        if (user == null) {
            user = identity.user(exchange::requestHeader);
        }
        log.submit(new AccessLogEntry(System.currentTimeMillis(), call.requestId(), call.method(), call.path(),
            call.query(), endpoint, exchange.status(), durationNanos, call.peer(), call.userAgent(), user));
    }
}
