package io.bulwark.core.breaker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One service's meters: circuit_breaker_state{service,state} (1 for the current state, 0 for the others),
 * external_service_calls_total{service,operation,status} and external_service_duration_seconds{service,operation}.
 * Operations are constants chosen by the instrumentations; past {@link #MAX_OPERATIONS} distinct ones per service,
 * new ones are counted as {@link #OTHER_OPERATION}, so the label stays bounded whatever a caller passes.
 */
final class ServiceMeters {

    static final int MAX_OPERATIONS = 16;
    static final String OTHER_OPERATION = "other";

    private final MeterRegistry registry;
    private final String service;
    private final Duration[] buckets;
    private final ConcurrentHashMap<String, OperationMeters> operations = new ConcurrentHashMap<>();

    ServiceMeters(MeterRegistry registry, CircuitBreaker breaker, Duration[] buckets) {
        this.registry = registry;
        this.service = breaker.name();
        this.buckets = buckets;
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
            Gauge.builder("circuit.breaker.state", breaker, b -> b.state() == state ? 1 : 0)
                .description("Circuit breaker state: 1 for the breaker's current state, 0 for the others")
                .tags("service", service, "state", state.label())
                .strongReference(true)
                .register(registry);
        }
    }

    OperationMeters operation(String operation) {
        String name = operation == null ? OTHER_OPERATION : operation;
        OperationMeters meters = operations.get(name);
        if (meters != null) {
            return meters;
        }
        if (operations.size() >= MAX_OPERATIONS) {
            name = OTHER_OPERATION;
        }
        return operations.computeIfAbsent(name, OperationMeters::new);
    }

    /** Every status series of an operation exists from its first call on, so rate() sees the zeros too. */
    final class OperationMeters {
        private final Counter success;
        private final Counter failure;
        private final Counter rejected;
        private final Counter ignoredError;
        private final Timer duration;

        private OperationMeters(String operation) {
            success = calls(operation, "success");
            failure = calls(operation, "failure");
            rejected = calls(operation, "rejected");
            ignoredError = calls(operation, "ignored_error");
            duration = Timer.builder("external.service.duration")
                .description("Duration of calls to external services (rejected calls are not timed)")
                .tags("service", service, "operation", operation)
                .serviceLevelObjectives(buckets)
                .register(registry);
        }

        private Counter calls(String operation, String status) {
            return Counter.builder("external.service.calls")
                .description("Calls to external services by outcome; rejected = refused by an open circuit breaker")
                .tags("service", service, "operation", operation, "status", status)
                .register(registry);
        }

        void success(long durationNanos) {
            success.increment();
            duration.record(durationNanos, TimeUnit.NANOSECONDS);
        }

        void failure(long durationNanos) {
            failure.increment();
            duration.record(durationNanos, TimeUnit.NANOSECONDS);
        }

        void ignoredError(long durationNanos) {
            ignoredError.increment();
            duration.record(durationNanos, TimeUnit.NANOSECONDS);
        }

        void rejected() {
            rejected.increment();
        }
    }
}
