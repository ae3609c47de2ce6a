package io.bulwark.core.ratelimit;

/** What a backend knows of a route: a name unique among the routes, and its bucket shape. */
public interface RouteLimit {

    /** The route's label, made unique by its methods when two entries share a path. */
    String name();

    /** Nanoseconds for one token to come back. */
    long intervalNanos();

    /** How far in debt (nanoseconds until full) the bucket may be and still hand out a token. */
    long toleranceNanos();
}
