package io.bulwark.core.config;

/**
 * A configuration problem, reported as one line that names where it is: the file and line, the key, and what is wrong.
 * The agent logs {@link #getMessage()} and disables itself; it never throws this into the application.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String key;

    private ConfigException(String message, String source, int line, String key) {
        super(message);
        this.source = source;
        this.line = line;
        this.key = key;
    }

    /** A problem inside a config file: {@code /etc/agent-config.yaml:12: rate_limit.default_limit: must be ...}. */
    static ConfigException inFile(String source, int line, String key, String detail) {
        StringBuilder message = new StringBuilder(source);
        if (line > 0) {
            message.append(':').append(line);
        }
        message.append(": ");
        if (!key.isEmpty()) {
            message.append(key).append(": ");
        }
        return new ConfigException(message.append(detail).toString(), source, line, key);
    }

    /** A bad environment override: {@code environment variable REQUEST_TIMEOUT: must be ...}. */
    static ConfigException inEnvironment(String variable, String detail) {
        return new ConfigException("environment variable " + variable + ": " + detail, "environment", 0, variable);
    }

    /** A bad {@code -javaagent} option: {@code -javaagent option 'foo=1': unknown option (allowed: config)}. */
    static ConfigException inAgentOption(String option, String key, String detail) {
        return new ConfigException("-javaagent option '" + option + "': " + detail, "-javaagent options", 0, key);
    }

    /** Where the problem is: a file path, {@code "environment"} or {@code "-javaagent options"}. */
    public String source() {
        return source;
    }

    /** 1-based line in {@link #source()}, or 0 when the problem has no line. */
    public int line() {
        return line;
    }

    /** Dotted key path such as {@code rate_limit.routes[1].limit}, an environment variable or option name, or "". */
    public String key() {
        return key;
    }
}
