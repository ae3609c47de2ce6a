package io.bulwark.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A YAML mapping whose keys have been checked against the schema; typed lookups with defaults. Plain methods rather
 * than one lookup taking a parser lambda: each lambda is a class the JVM spins when its call site first runs, ~1 ms
 * apiece in the application's start-up, and the parser has some sixty call sites.
 */
final class ConfigSection {
    private final ConfigValue self;
    private final Map<String, ConfigValue> entries;

    ConfigSection(ConfigValue self, Map<String, ConfigValue> entries) {
        this.self = self;
        this.entries = entries;
    }

    /** The value under {@code key}, or null when the key is absent. */
    ConfigValue value(String key) {
        return entries.get(key);
    }

    /** The value under {@code key}, or null when the key is absent or its value is an explicit YAML null. */
    ConfigValue valueOrNull(String key) {
        ConfigValue value = entries.get(key);
        return value == null || value.isNull() ? null : value;
    }

    /** The value under a key that must be present. */
    ConfigValue required(String key) throws ConfigException {
        ConfigValue value = entries.get(key);
        if (value == null) {
            throw self.errorFor(self.childPath(key), "required key is missing");
        }
        return value;
    }

    /** The mapping under {@code key}, its keys checked against {@code allowedKeys}; null when the key is absent. */
    ConfigSection section(String key, List<String> allowedKeys) throws ConfigException {
        ConfigValue value = entries.get(key);
        return value == null ? null : value.section(allowedKeys);
    }

    boolean bool(String key, boolean defaultValue) throws ConfigException {
        ConfigValue value = entries.get(key);
        return value == null ? defaultValue : value.bool();
    }

    int positiveInt(String key, int defaultValue) throws ConfigException {
        ConfigValue value = entries.get(key);
        return value == null ? defaultValue : value.positiveInt();
    }

    int port(String key, int defaultValue) throws ConfigException {
        ConfigValue value = entries.get(key);
        return value == null ? defaultValue : value.port();
    }

    Duration positiveDuration(String key, Duration defaultValue) throws ConfigException {
        ConfigValue value = entries.get(key);
        return value == null ? defaultValue : value.positiveDuration();
    }

    Duration nonNegativeDuration(String key, Duration defaultValue) throws ConfigException {
        ConfigValue value = entries.get(key);
        return value == null ? defaultValue : value.nonNegativeDuration();
    }

    String string(String key, String defaultValue) throws ConfigException {
        ConfigValue value = entries.get(key);
        return value == null ? defaultValue : value.string();
    }

    /** A string matching {@code pattern}, described as {@code expected} in the error message. */
    String string(String key, String defaultValue, Pattern pattern, String expected) throws ConfigException {
        ConfigValue value = entries.get(key);
        return value == null ? defaultValue : value.string(pattern, expected);
    }

    String headerName(String key, String defaultValue) throws ConfigException {
        ConfigValue value = entries.get(key);
        return value == null ? defaultValue : value.headerName();
    }

    /** One of the constants of the default's enum, written in lower case. */
    <E extends Enum<E>> E oneOf(String key, E defaultValue) throws ConfigException {
        ConfigValue value = entries.get(key);
        return value == null ? defaultValue : value.oneOf(defaultValue.getDeclaringClass());
    }

    // Optional settings, whose absence (and an explicit null) means "not set".

    Integer positiveIntOrNull(String key) throws ConfigException {
        ConfigValue value = valueOrNull(key);
        return value == null ? null : value.positiveInt();
    }

    Duration positiveDurationOrNull(String key) throws ConfigException {
        ConfigValue value = valueOrNull(key);
        return value == null ? null : value.positiveDuration();
    }

    Double percentOrNull(String key) throws ConfigException {
        ConfigValue value = valueOrNull(key);
        return value == null ? null : value.percent();
    }

    /** An error about {@code key}, at its line when present, else at this section's line. */
    ConfigException error(String key, String detail) {
        return errorAbout(key, self.childPath(key), detail);
    }

    /** An error reported under {@code path}, at the line of {@code key} when present, else at this section's line. */
    ConfigException errorAbout(String key, String path, String detail) {
        ConfigValue value = entries.get(key);
        return (value != null ? value : self).errorFor(path, detail);
    }
}
