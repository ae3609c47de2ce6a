package io.bulwark.core.config;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Immutable copies that keep the configured order (it shows up in headers, health output and logs). */
final class Copies {
    private Copies() {
    }

    static <T> Set<T> orderedSet(Collection<T> values) {
        for (T value : values) { // loops rather than lambdas, each a class spun in premain
            Objects.requireNonNull(value);
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(values));
    }

    static <K, V> Map<K, V> orderedMap(Map<K, V> map) {
        for (Map.Entry<K, V> entry : map.entrySet()) {
            Objects.requireNonNull(entry.getKey());
            Objects.requireNonNull(entry.getValue());
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
