package io.bulwark.core.config;

import java.util.Objects;

/**
 * The configuration the agent runs with and where it came from.
 *
 * @param source the absolute path of the file that was read, or {@link #BUILT_IN_DEFAULTS}
 */
public record LoadedConfig(BulwarkConfig config, String source) {
    public static final String BUILT_IN_DEFAULTS = "built-in defaults";

    public LoadedConfig {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(source, "source");
    }
}
