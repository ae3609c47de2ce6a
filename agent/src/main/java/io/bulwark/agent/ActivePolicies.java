package io.bulwark.agent;

import java.util.ArrayList;
import java.util.List;

/** What the banner says about each policy: active (enforced) or off. */
final class ActivePolicies {

    private final List<String> active = new ArrayList<>();
    private final List<String> off = new ArrayList<>();

    void active(String policy) {
        active.add(policy);
    }

    void off(String policy) {
        off.add(policy);
    }

    @Override
    public String toString() {
        return "active=" + active + ", off=" + off;
    }
}
