package io.bulwark.agent;

import java.util.ArrayList;
import java.util.List;

/** What the banner says about each policy: enforced, parsed but not enforced by this version, or off. */
final class ActivePolicies {

    private final List<String> active = new ArrayList<>();
    private final List<String> notEnforced = new ArrayList<>();
    private final List<String> off = new ArrayList<>();

    void active(String policy) {
        active.add(policy);
    }

    void off(String policy) {
        off.add(policy);
    }

    void notEnforcedYet(String policy, boolean enabled) {
        (enabled ? notEnforced : off).add(policy);
    }

    @Override
    public String toString() {
        return "active=" + active + ", configured but not enforced by this version=" + notEnforced + ", off=" + off;
    }
}
