package io.bulwark.core.config;

import java.time.Duration;
import java.util.Map;

/** A YAML mapping whose keys have been checked against the schema; typed lookups with defaults. */
final class ConfigSection {
    private final ConfigValue self;
    private final Map<String, ConfigValue> entries;

    ConfigSection(ConfigValue self, Map<String, ConfigValue> entries) {
        this.self = self;
        this.entries = entries;
    }

    /** The value under {@code key} converted by {@code parser}, or {@code defaultValue} when the key is absent. */
    <T> T get(String key, T defaultValue, ConfigValue.Parser<T> parser) throws ConfigException {
        ConfigValue value = entries.get(key);
        return value == null ? defaultValue : parser.parse(value);
    }

    // The commonest kinds have their own lookups: a parser lambda at each of their 33 call sites would be linked,
    // one hidden class each, in the JVM's start-up.

    boolean bool(String key, boolean defaultValue) throws ConfigException {
        ConfigValue value = entries.get(key);
        return value == null ? defaultValue : value.bool();
    }

    int positiveInt(String key, int defaultValue) throws ConfigException {
        ConfigValue value = entries.get(key);
        return value == null ? defaultValue : value.positiveInt();
    }

    Duration positiveDuration(String key, Duration defaultValue) throws ConfigException {
        ConfigValue value = entries.get(key);
        return value == null ? defaultValue : value.positiveDuration();
    }

    /** The value under a key that must be present. */
    <T> T required(String key, ConfigValue.Parser<T> parser) throws ConfigException {
        ConfigValue value = entries.get(key);
        if (value == null) {
            throw self.errorFor(self.childPath(key), "required key is missing");
        }
        return parser.parse(value);
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
