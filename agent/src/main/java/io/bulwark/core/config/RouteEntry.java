package io.bulwark.core.config;

import java.util.Set;

/** An entry of a policy's routes list: a route template and the upper-case methods it covers (empty: all). */
interface RouteEntry {
    String path();

    Set<String> methods();
}
