package io.bulwark.core.breaker;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.bootstrap.Downstream;
import io.bulwark.bootstrap.DownstreamCall;
import io.bulwark.core.AgentLog;
import io.bulwark.core.Clock;
import io.bulwark.core.config.CircuitBreakerConfig;
import io.bulwark.core.metrics.Telemetry;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine behind {@link Downstream}: one breaker and one set of meters per service of circuit_breakers.services.
 * A service name that is not configured shares a single fallback breaker named {@value #FALLBACK_SERVICE} (with the
 * global settings), so no caller can make the agent create breakers or metric series without bound.
 */
public final class CircuitBreakers implements Downstream {

    public static final String FALLBACK_SERVICE = "other";

    private static final DownstreamCall REJECTED = new DownstreamCall() {
        @Override
        public boolean permitted() {
            return false;
        }

        @Override
        public void success() {
        }

        @Override
        public void failure(Throwable error) {
        }
    };

    private final CircuitBreakerConfig config;
    private final MeterRegistry registry;
    private final Duration[] buckets;
    private final Clock clock;
    private final ServiceRoutes routes;
    private final Map<String, ProtectedService> services;
    private volatile ProtectedService fallback;

    /**
     * @param durationBucketSeconds histogram buckets of external_service_duration_seconds (seconds, ascending)
     */
    public CircuitBreakers(CircuitBreakerConfig config, MeterRegistry registry, List<Double> durationBucketSeconds,
                           Clock clock) {
        this.config = config;
        this.registry = registry;
        this.buckets = Telemetry.durations(durationBucketSeconds);
        this.clock = clock;
        this.routes = new ServiceRoutes(config);
        Map<String, ProtectedService> byName = new LinkedHashMap<>();
        for (String name : config.services().keySet()) {
            byName.put(name, newService(name));
        }
        this.services = Collections.unmodifiableMap(byName);
    }

    @Override
    public DownstreamCall start(String service, String operation) {
        try {
            ProtectedService protectedService = service(service);
            ServiceMeters.OperationMeters meters = protectedService.meters.operation(operation);
            CircuitBreaker.Phase phase = protectedService.breaker.acquire();
            if (phase == null) {
                meters.rejected();
                return REJECTED;
            }
            return new ProtectedCall(protectedService.breaker, phase, meters, protectedService.classifier, clock);
        } catch (Throwable error) {
            Bulwark.reportError("downstream.start", error);
            return DownstreamCall.UNPROTECTED;
        }
    }

    @Override
    public boolean rejects(String service, String operation) {
        try {
            ProtectedService protectedService = service(service);
            if (protectedService.breaker.state() != CircuitBreaker.State.OPEN) {
                return false;
            }
            protectedService.meters.operation(operation).rejected();
            return true;
        } catch (Throwable error) {
            Bulwark.reportError("downstream.rejects", error);
            return false;
        }
    }

    @Override
    public boolean splitsByTarget(String library) {
        try {
            return routes.splits(library);
        } catch (Throwable error) {
            Bulwark.reportError("downstream.splits", error);
            return false;
        }
    }

    @Override
    public String service(String library, String target) {
        try {
            return routes.service(library, target);
        } catch (Throwable error) {
            Bulwark.reportError("downstream.service", error);
            return library;
        }
    }

    @Override
    public long callTimeoutMillis(String service) {
        try {
            return service(service).settings.callTimeoutMillis();
        } catch (Throwable error) {
            Bulwark.reportError("downstream.call-timeout", error);
            return 0;
        }
    }

    /** The configured services' breakers in configured order, then the fallback once it has been used. */
    public List<CircuitBreaker> breakers() {
        List<CircuitBreaker> all = new ArrayList<>(services.size() + 1);
        for (ProtectedService service : services.values()) {
            all.add(service.breaker);
        }
        ProtectedService other = fallback;
        if (other != null && !services.containsKey(FALLBACK_SERVICE)) {
            all.add(other.breaker);
        }
        return all;
    }

    private ProtectedService service(String name) {
        ProtectedService service = name == null ? null : services.get(name);
        return service != null ? service : fallback(name);
    }

    private ProtectedService fallback(String unknownName) {
        ProtectedService other = fallback;
        if (other != null) {
            return other;
        }
        synchronized (this) {
            if (fallback == null) {
                ProtectedService configured = services.get(FALLBACK_SERVICE);
                fallback = configured != null ? configured : newService(FALLBACK_SERVICE);
                AgentLog.warn("circuit breaker: service '" + unknownName + "' is not among circuit_breakers.services "
                    + services.keySet() + "; it and any other unknown service share the breaker '"
                    + FALLBACK_SERVICE + "'");
            }
            return fallback;
        }
    }

    private ProtectedService newService(String name) {
        BreakerSettings settings = BreakerSettings.of(config, name);
        CircuitBreaker breaker = new CircuitBreaker(name, settings, clock);
        return new ProtectedService(settings, breaker, new ServiceMeters(registry, breaker, buckets),
            FailureClassifier.of(config, name));
    }

    private record ProtectedService(BreakerSettings settings, CircuitBreaker breaker, ServiceMeters meters,
                                    FailureClassifier classifier) {
    }
}
