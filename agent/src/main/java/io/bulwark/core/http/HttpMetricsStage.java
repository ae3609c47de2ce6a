package io.bulwark.core.http;

import io.bulwark.bootstrap.HttpExchangeView;
import io.bulwark.core.metrics.Telemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * http_requests_total{method,endpoint,status}, http_request_duration_seconds{method,endpoint} and
 * http_requests_in_progress. Meters are looked up through small arrays instead of Micrometer's tag-based lookup, so
 * the per-request cost is a few array reads once a series exists. Every label is bounded: methods outside the
 * standard set become OTHER, status codes are clamped to 100..599, and past {@link #MAX_ENDPOINTS} route templates
 * new ones are counted as {@link RouteTemplates#UNMATCHED}.
 */
public final class HttpMetricsStage implements InboundStage {

    static final int MAX_ENDPOINTS = 1_000;
    private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "OTHER"};

    private final MeterRegistry registry;
    private final Duration[] buckets;
    private final AtomicInteger inProgress;
    private final ConcurrentHashMap<String, EndpointMeters> endpoints = new ConcurrentHashMap<>();

    public HttpMetricsStage(MeterRegistry registry, List<Double> bucketSeconds) {
        this.registry = registry;
        this.buckets = Telemetry.durations(bucketSeconds);
        this.inProgress = registry.gauge("http.requests.in.progress", new AtomicInteger());
    }

    @Override
    public void onStart(InboundCall call, HttpExchangeView exchange) {
        inProgress.incrementAndGet();
    }

    @Override
    public void onComplete(InboundCall call, HttpExchangeView exchange, String endpoint, long durationNanos) {
        inProgress.decrementAndGet();
        int status = Math.min(599, Math.max(100, exchange.status()));
        endpointMeters(endpoint).method(methodIndex(call.method())).record(status, durationNanos);
    }

    private EndpointMeters endpointMeters(String endpoint) {
        EndpointMeters meters = endpoints.get(endpoint);
        if (meters != null) {
            return meters;
        }
        if (endpoints.size() >= MAX_ENDPOINTS) {
            endpoint = RouteTemplates.UNMATCHED;
        }
        return endpoints.computeIfAbsent(endpoint, EndpointMeters::new);
    }

    static int methodIndex(String method) {
        for (int i = 0; i < METHODS.length - 1; i++) {
            if (METHODS[i].equals(method)) {
                return i;
            }
        }
        return METHODS.length - 1;
    }

    private final class EndpointMeters {
        final String endpoint;
        final AtomicReferenceArray<MethodMeters> byMethod = new AtomicReferenceArray<>(METHODS.length);

        EndpointMeters(String endpoint) {
            this.endpoint = endpoint;
        }

        MethodMeters method(int index) {
            MethodMeters meters = byMethod.get(index);
            if (meters == null) {
                byMethod.compareAndSet(index, null, new MethodMeters(endpoint, METHODS[index]));
                meters = byMethod.get(index);
            }
            return meters;
        }
    }

    private final class MethodMeters {
        final String endpoint;
        final String method;
        final Timer duration;
        final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(500);

        MethodMeters(String endpoint, String method) {
            this.endpoint = endpoint;
            this.method = method;
            this.duration = Timer.builder("http.request.duration")
                .description("HTTP request duration")
                .tags("method", method, "endpoint", endpoint)
                .serviceLevelObjectives(buckets)
                .register(registry);
        }

        void record(int status, long durationNanos) {
            duration.record(durationNanos, TimeUnit.NANOSECONDS);
            Counter counter = byStatus.get(status - 100);
            if (counter == null) {
                // Micrometer returns the same counter for the same id, so a lost race is harmless
                counter = Counter.builder("http.requests")
                    .description("Total HTTP requests")
                    .tags("method", method, "endpoint", endpoint, "status", Integer.toString(status))
                    .register(registry);
                byStatus.set(status - 100, counter);
            }
            counter.increment();
        }
    }
}
