package io.bulwark.core.health;

/**
 * A part of the agent that depends on a server of its own (the rate-limit backend): listed in /health; while it is
 * not in its normal mode the service is degraded, never unhealthy, because the agent then falls back by policy.
 */
public interface BackendStatus {

    /** Backend name, e.g. "redis". */
    String backend();

    /** The mode in force, e.g. "redis", or the fallback "local", "allow" or "deny". */
    String mode();

    /** Whether the backend is not in its normal mode. */
    boolean degraded();
}
