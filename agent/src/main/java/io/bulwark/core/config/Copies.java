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
        values.forEach(Objects::requireNonNull);
        return Collections.unmodifiableSet(new LinkedHashSet<>(values));
    }

    static <K, V> Map<K, V> orderedMap(Map<K, V> map) {
        map.forEach((key, value) -> {
            Objects.requireNonNull(key);
            Objects.requireNonNull(value);
        });
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
