package io.bulwark.core.ratelimit;

import java.util.function.BiConsumer;

/**
 * The verdict on one request, with what the response should say about it.
 *
 * @param outcome           what to do with the request; only {@link Outcome#REJECTED} means "answer 429"
 * @param route             the bounded label of the route that decided: its configured path, or "default"
 * @param limited           whether a bucket was consulted, so that the rate-limit headers apply (false when rate
 *                          limiting is off and for allowlisted clients)
 * @param limit             the bucket capacity (the route's burst, which is its per-window limit unless burst is
 *                          configured), so that {@code remaining} never exceeds it
 * @param remaining         whole tokens left after this request
 * @param resetEpochSeconds epoch seconds at which the bucket is full again
 * @param retryAfterSeconds whole seconds until a token is available, at least 1; meaningful only when the request
 *                          was (shadow) rejected, 0 otherwise
 */
public record Decision(Outcome outcome, String route, boolean limited, int limit, long remaining,
                       long resetEpochSeconds, long retryAfterSeconds) {

    public static final String LIMIT_HEADER = "X-RateLimit-Limit";
    public static final String REMAINING_HEADER = "X-RateLimit-Remaining";
    public static final String RESET_HEADER = "X-RateLimit-Reset";
    public static final String RETRY_AFTER_HEADER = "Retry-After";

    private static final RecentText LIMIT_TEXT = new RecentText();
    private static final RecentText RESET_TEXT = new RecentText();

    /** The decision of a disabled rate limiter: everything passes, nothing is counted, no headers. */
    public static final Decision UNLIMITED = new Decision(Outcome.ALLOWED, RateLimiter.DEFAULT_LABEL, false, 0, 0, 0, 0);

    public enum Outcome {
        ALLOWED("allowed"),
        /** Over the limit: answer 429 and do not call the application. */
        REJECTED("rejected"),
        /** Over the limit on a shadow route: counted and reported in headers, but the request goes on. */
        SHADOW_REJECTED("shadow_rejected"),
        /** The client is on the allowlist. */
        BYPASSED("bypassed");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }

        /** The value of the {@code decision} tag of {@code rate_limit_decisions_total}. */
        public String tag() {
            return tag;
        }
    }

    /** Whether the application must not see this request (the response is a 429). */
    public boolean rejected() {
        return outcome == Outcome.REJECTED;
    }

    public String limitHeader() {
        return LIMIT_TEXT.of(limit);
    }

    public String remainingHeader() {
        return Long.toString(remaining);
    }

    public String resetHeader() {
        return RESET_TEXT.of(resetEpochSeconds);
    }

    /** The Retry-After value of a 429, or null when the request is not rejected. */
    public String retryAfterHeader() {
        return rejected() ? Long.toString(retryAfterSeconds) : null;
    }

    /** Hands every response header this decision calls for (none when not {@link #limited()}) to {@code header}. */
    public void forEachHeader(BiConsumer<String, String> header) {
        if (!limited) {
            return;
        }
        header.accept(LIMIT_HEADER, limitHeader());
        header.accept(REMAINING_HEADER, remainingHeader());
        header.accept(RESET_HEADER, resetHeader());
        if (rejected()) {
            header.accept(RETRY_AFTER_HEADER, retryAfterHeader());
        }
    }
}
