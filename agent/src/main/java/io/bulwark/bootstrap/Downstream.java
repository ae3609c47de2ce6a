package io.bulwark.bootstrap;

/**
 * Downstream protection (circuit breakers and external-service metrics) as seen from a client instrumentation,
 * reached through {@link Bulwark#downstream()}. JDK types only.
 *
 * <p>A synchronous call (a lettuce sync command, a JDBC statement, an Elasticsearch request):
 * <pre>{@code
 * DownstreamCall call = Bulwark.downstream().start("redis", "command");
 * if (!call.permitted()) {
 *     throw new RedisConnectionException("...");   // the library's own "server down" failure, no I/O
 * }
 * try {
 *     Object result = invokeTheLibrary();
 *     call.success();
 *     return result;
 * } catch (Throwable error) {
 *     call.failure(error);
 *     throw error;
 * }
 * }</pre>
 *
 * <p>An asynchronous call (a lettuce async/reactive command, {@code KafkaProducer.send}, an async Elasticsearch
 * request): call {@code start} when the call is issued, and when it is rejected complete the returned future (or
 * callback, or error signal) exceptionally with the library's native failure without issuing it; otherwise record
 * the outcome when it completes, e.g. {@code future.whenComplete((r, e) -> { if (e == null) call.success(); else
 * call.failure(e); })}. A call that throws synchronously before its future exists is recorded with
 * {@code failure}. A cancelled future is recorded with {@code failure(cancellationException)}: it is classified as
 * not counting, which also frees a half-open probe slot.
 *
 * <p>Service names are the ones of {@code circuit_breakers.services} (default {@code database}, {@code redis},
 * {@code kafka}, {@code elasticsearch}, one per library). A library's calls can be split between services by
 * target: when {@link #splitsByTarget} says so, the instrumentation finds the target of a connection or client
 * once (a JDBC URL, a Redis host:port, the Kafka bootstrap servers, the Elasticsearch node URIs), keeps
 * {@link #service}'s answer with it, and passes that name to {@code start}. Operations are a small fixed set of
 * constants chosen by the instrumentation, such as {@code command}, {@code send}, {@code query}, {@code connect},
 * {@code request}.
 * The agent's own connections must never go through this API.
 */
public interface Downstream {

    /** The agent is absent or circuit breakers are disabled: every call is permitted and nothing is recorded. */
    Downstream DISABLED = new Downstream() {
        @Override
        public DownstreamCall start(String service, String operation) {
            return DownstreamCall.UNPROTECTED;
        }

        @Override
        public boolean rejects(String service, String operation) {
            return false;
        }

        @Override
        public boolean splitsByTarget(String library) {
            return false;
        }

        @Override
        public String service(String library, String target) {
            return library;
        }

        @Override
        public long callTimeoutMillis(String service) {
            return 0;
        }
    };

    /** Asks the service's breaker for a permit. Never null, never throws. */
    DownstreamCall start(String service, String operation);

    /**
     * For a call that does no I/O itself but waits for calls that do, which are protected on their own (a pool
     * checkout waiting for the pool's thread to connect): true while the service's breaker is open, counted as a
     * rejected call, and the instrumentation fails it at once the native way; false otherwise, with nothing acquired
     * or recorded. Such a wait must not hold a half-open probe permit: the connect it waits for would find none left.
     * Never throws.
     */
    boolean rejects(String service, String operation);

    /**
     * Whether some service of the library (database, redis, kafka, elasticsearch) claims targets; when false,
     * every call of the library goes to the library's default service and the target need not be looked up.
     * Never throws.
     */
    boolean splitsByTarget(String library);

    /**
     * The service whose breaker protects the library's calls to {@code target} (several targets joined by commas),
     * or the library's default service when none matches or the target is null. Never null, never throws.
     */
    String service(String library, String target);

    /**
     * The bound on one call to the service (circuit_breakers.call_timeout), for the instrumentation to apply where
     * the library lets it; 0 means the agent imposes none.
     */
    long callTimeoutMillis(String service);
}
