package io.bulwark.core.ratelimit;

import io.bulwark.bootstrap.HttpExchangeView;
import io.bulwark.core.http.InboundCall;
import io.bulwark.core.http.InboundStage;

import java.net.InetSocketAddress;

/**
 * Puts the rate limiter's decision on the response (X-RateLimit-Limit, -Remaining, -Reset) and answers a rejected
 * request with 429, Retry-After and a small JSON body, so the application's handler never runs.
 */
public final class RateLimitStage implements InboundStage {

    private final RateLimiter limiter;

    public RateLimitStage(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void onStart(InboundCall call, HttpExchangeView exchange) {
        InetSocketAddress peer = call.peer();
        Decision decision = limiter.decide(call.method(), call.path(), peer == null ? null : peer.getAddress(),
            exchange::requestHeaderValues);
        decision.forEachHeader(exchange::setResponseHeader);
        if (decision.rejected()) {
            call.answerWith(429, "application/json", "{\"error\":\"rate_limit_exceeded\",\"detail\":\"at most "
                + decision.limit() + " requests per window on " + decision.route() + "\",\"retry_after\":"
                + decision.retryAfterSeconds() + ",\"request_id\":\"" + call.requestId() + "\"}");
        }
    }
}
