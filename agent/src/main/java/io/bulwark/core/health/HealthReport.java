package io.bulwark.core.health;

import io.bulwark.core.breaker.CircuitBreaker;
import io.bulwark.core.breaker.CircuitBreakers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The agent's view of the service's health, one entry per downstream service, from its circuit breaker: CLOSED is
 * healthy, HALF_OPEN degraded, OPEN unhealthy. Overall the service is unhealthy when a critical service's breaker is
 * open, degraded when any breaker is not closed, else healthy. A service that no call has gone through yet (its
 * client is not instrumented, or not used yet), and every service when circuit breakers are off, is listed as
 * unknown and never makes the service unhealthy. A rate-limit backend of its own (Redis) is listed under
 * {@code rate_limit_backend} with the mode in force; while it falls back the service is degraded, never unhealthy.
 */
public final class HealthReport {

    public enum Status { HEALTHY, DEGRADED, UNHEALTHY }

    private final List<String> unmonitoredServices;
    private final CircuitBreakers breakers;
    private final Set<String> critical;
    private final BackendStatus rateLimitBackend;

    /** Services that are listed but not monitored (circuit breakers disabled). */
    public HealthReport(List<String> services, Set<String> critical) {
        this(List.copyOf(services), null, Set.copyOf(critical), null);
    }

    /** Services monitored by their circuit breakers. */
    public HealthReport(CircuitBreakers breakers, Set<String> critical) {
        this(List.of(), breakers, Set.copyOf(critical), null);
    }

    private HealthReport(List<String> unmonitoredServices, CircuitBreakers breakers, Set<String> critical,
                         BackendStatus rateLimitBackend) {
        this.unmonitoredServices = unmonitoredServices;
        this.breakers = breakers;
        this.critical = critical;
        this.rateLimitBackend = rateLimitBackend;
    }

    /** This report with the rate-limit backend listed; null = none (the local backend needs no entry). */
    public HealthReport withRateLimitBackend(BackendStatus backend) {
        return new HealthReport(unmonitoredServices, breakers, critical, backend);
    }

    public Status overall() {
        return overall(snapshot(), backendDegraded());
    }

    /** HTTP status for /health: 503 only when unhealthy. */
    public int httpStatus() {
        return overall() == Status.UNHEALTHY ? 503 : 200;
    }

    public String toJson() {
        List<ServiceState> services = snapshot();
        BackendStatus backend = rateLimitBackend;
        String mode = backend == null ? null : backend.mode();
        boolean backendDegraded = backend != null && backend.degraded();
        StringBuilder json = new StringBuilder(128);
        json.append("{\"status\":\"").append(label(overall(services, backendDegraded))).append('"');
        if (backend != null) {
            json.append(",\"rate_limit_backend\":{\"backend\":\"").append(backend.backend())
                .append("\",\"mode\":\"").append(mode).append("\",\"status\":\"")
                .append(backendDegraded ? "degraded" : "healthy").append("\"}");
        }
        json.append(",\"services\":{");
        if (breakers == null) {
            for (int i = 0; i < unmonitoredServices.size(); i++) {
                String service = unmonitoredServices.get(i);
                appendService(json, i, service, "unknown", "not_monitored");
            }
        }
        for (int i = 0; i < services.size(); i++) {
            ServiceState service = services.get(i);
            if (service.monitored) {
                appendService(json, i, service.name, label(status(service.state)), service.state.label());
            } else {
                appendService(json, i, service.name, "unknown", "not_monitored");
            }
        }
        return json.append("}}").toString();
    }

    private void appendService(StringBuilder json, int index, String service, String status, String breaker) {
        if (index > 0) {
            json.append(',');
        }
        // service names come from the agent's validated configuration, never from requests
        json.append('"').append(service).append("\":{\"status\":\"").append(status)
            .append("\",\"circuit_breaker\":\"").append(breaker).append("\",\"critical\":")
            .append(critical.contains(service)).append('}');
    }

    /** Every breaker's state read once, so that the overall status and the entries agree. */
    private List<ServiceState> snapshot() {
        if (breakers == null) {
            return List.of();
        }
        List<CircuitBreaker> all = breakers.breakers();
        List<ServiceState> states = new ArrayList<>(all.size());
        for (CircuitBreaker breaker : all) {
            states.add(new ServiceState(breaker.name(), breaker.state(), breaker.monitored()));
        }
        return states;
    }

    private boolean backendDegraded() {
        return rateLimitBackend != null && rateLimitBackend.degraded();
    }

    private Status overall(List<ServiceState> services, boolean backendDegraded) {
        Status overall = backendDegraded ? Status.DEGRADED : Status.HEALTHY;
        for (ServiceState service : services) {
            if (!service.monitored) {
                continue;
            }
            if (service.state == CircuitBreaker.State.OPEN && critical.contains(service.name)) {
                return Status.UNHEALTHY;
            }
            if (service.state != CircuitBreaker.State.CLOSED) {
                overall = Status.DEGRADED;
            }
        }
        return overall;
    }

    private static Status status(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED -> Status.HEALTHY;
            case HALF_OPEN -> Status.DEGRADED;
            case OPEN -> Status.UNHEALTHY;
        };
    }

    private static String label(Status status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private record ServiceState(String name, CircuitBreaker.State state, boolean monitored) {
    }
}
