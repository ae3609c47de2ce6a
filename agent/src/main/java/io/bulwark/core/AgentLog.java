package io.bulwark.core;

import java.io.PrintStream;

/**
 * The agent's own log: single lines on the JVM's standard error, prefixed so they stand out from the application's.
 * Deliberately not a logging framework: the agent must not initialise or depend on the application's logging.
 */
public final class AgentLog {

    private static final String PREFIX = "[bulwark] ";

    private AgentLog() {
    }

    public static void info(String message) {
        print("INFO ", message, null);
    }

    public static void warn(String message) {
        print("WARN ", message, null);
    }

    public static void error(String message, Throwable error) {
        print("ERROR ", message, error);
    }

    private static void print(String level, String message, Throwable error) {
        PrintStream err = System.err;
        synchronized (err) {
            err.println(PREFIX + level + message);
            if (error != null) {
                error.printStackTrace(err);
            }
        }
    }
}
