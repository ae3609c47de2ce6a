package io.bulwark.benchmarks.load;

/** A URL the load generator requests over and over. */
enum Workload {
    /** A transaction read, served from the Redis cache (created and cached before any measurement). */
    TRANSACTION("GET /api/v1/transactions/{id}"),
    /** The service's own health check, which asks all four backends. */
    HEALTH("GET /api/v1/health");

    private final String label;

    Workload(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    String path(long transactionId) {
        return this == TRANSACTION ? "/api/v1/transactions/" + transactionId : "/api/v1/health";
    }

    /** The transaction read needs the caller's token; the health check is anonymous. */
    boolean authenticated() {
        return this == TRANSACTION;
    }
}
