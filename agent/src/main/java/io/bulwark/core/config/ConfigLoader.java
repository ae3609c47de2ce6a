package io.bulwark.core.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Finds, reads and validates the agent configuration. The file is, in order: the {@code -javaagent} option
 * {@code config=<path>}, the environment variable {@code BULWARK_CONFIG}, {@code ./agent-config.yaml} when it exists;
 * otherwise the built-in defaults are used. Environment overrides are applied on top. Nothing here logs or exits:
 * every problem is a {@link ConfigException} for the caller to report.
 */
public final class ConfigLoader {
    public static final String CONFIG_OPTION = "config";
    public static final String CONFIG_ENV = "BULWARK_CONFIG";
    public static final String DEFAULT_FILE_NAME = "agent-config.yaml";

    private ConfigLoader() {
    }

    /**
     * @param agentArgs  the {@code -javaagent} option string, comma-separated key=value pairs; may be null or empty
     * @param env        the environment ({@code System.getenv()} in production)
     * @param workingDir where {@code ./agent-config.yaml} is looked for and relative paths are resolved
     */
    public static LoadedConfig load(String agentArgs, Map<String, String> env, Path workingDir)
            throws ConfigException {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(workingDir, "workingDir");
        String optionPath = configOption(agentArgs);
        String envPath = env.get(CONFIG_ENV);
        String path;
        String givenBy;
        if (optionPath != null) {
            path = optionPath;
            givenBy = "-javaagent option " + CONFIG_OPTION + "=" + optionPath;
        } else if (envPath != null && !envPath.isBlank()) {
            path = envPath.trim();
            givenBy = "environment variable " + CONFIG_ENV + "=" + envPath;
        } else if (Files.isRegularFile(workingDir.resolve(DEFAULT_FILE_NAME))) {
            path = DEFAULT_FILE_NAME;
            givenBy = "found in the working directory";
        } else {
            return new LoadedConfig(EnvironmentOverrides.apply(BulwarkConfig.defaults(), env),
                    LoadedConfig.BUILT_IN_DEFAULTS);
        }
        Path file = resolve(workingDir, path, givenBy);
        String source = file.toString();
        BulwarkConfig config = parse(read(file, givenBy), source);
        return new LoadedConfig(EnvironmentOverrides.apply(config, env), source);
    }

    /** Parses and validates YAML text; {@code sourceName} is the file name used in error messages. */
    public static BulwarkConfig parse(String yaml, String sourceName) throws ConfigException {
        return ConfigParser.parse(yaml, sourceName);
    }

    /** The value of the config option, or null when not given. Any other option is an error. */
    private static String configOption(String agentArgs) throws ConfigException {
        if (agentArgs == null) {
            return null;
        }
        String path = null;
        for (String option : agentArgs.split(",")) {
            String trimmed = option.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            String name = (equals < 0 ? trimmed : trimmed.substring(0, equals)).trim();
            String value = equals < 0 ? "" : trimmed.substring(equals + 1).trim();
            if (!name.equals(CONFIG_OPTION)) {
                throw ConfigException.inAgentOption(trimmed, name, "unknown option (allowed: config=<path>)");
            }
            if (value.isEmpty()) {
                throw ConfigException.inAgentOption(trimmed, name, "needs a file path: config=<path>");
            }
            if (path != null) {
                throw ConfigException.inAgentOption(trimmed, name, "given more than once");
            }
            path = value;
        }
        return path;
    }

    private static Path resolve(Path workingDir, String path, String givenBy) throws ConfigException {
        try {
            return workingDir.resolve(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw ConfigException.inFile(path, 0, "", "not a valid file path (given by " + givenBy + ")");
        }
    }

    private static String read(Path file, String givenBy) throws ConfigException {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw ConfigException.inFile(source, 0, "", "is a directory, not a config file (given by " + givenBy + ")");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw ConfigException.inFile(source, 0, "", "config file not found (given by " + givenBy + ")");
        } catch (AccessDeniedException e) {
            throw ConfigException.inFile(source, 0, "", "config file not readable: permission denied");
        } catch (IOException e) {
            throw ConfigException.inFile(source, 0, "", "config file not readable: " + e);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw ConfigException.inFile(source, 0, "", "config file is not UTF-8 text");
        }
    }
}
