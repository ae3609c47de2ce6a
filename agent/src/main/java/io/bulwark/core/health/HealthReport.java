package io.bulwark.core.health;

import java.util.List;
import java.util.Set;

/**
 * The agent's view of the service's health: one entry per known downstream service. Until a service is monitored
 * (circuit breakers on its client calls) its state is unknown and does not make the service unhealthy.
 */
public final class HealthReport {

    public enum Status { HEALTHY, DEGRADED, UNHEALTHY }

    private final List<String> services;
    private final Set<String> critical;

    public HealthReport(List<String> services, Set<String> critical) {
        this.services = List.copyOf(services);
        this.critical = Set.copyOf(critical);
    }

    public Status overall() {
        return Status.HEALTHY;
    }

    /** HTTP status for /health: 503 only when unhealthy. */
    public int httpStatus() {
        return overall() == Status.UNHEALTHY ? 503 : 200;
    }

    public String toJson() {
        StringBuilder json = new StringBuilder(128);
        json.append("{\"status\":\"").append(overall().name().toLowerCase()).append("\",\"services\":{");
        for (int i = 0; i < services.size(); i++) {
            String service = services.get(i);
            if (i > 0) {
                json.append(',');
            }
            // service names come from the agent's validated configuration, never from requests
            json.append('"').append(service).append("\":{\"status\":\"unknown\",\"circuit_breaker\":\"not_monitored\",")
                .append("\"critical\":").append(critical.contains(service)).append('}');
        }
        return json.append("}}").toString();
    }
}
