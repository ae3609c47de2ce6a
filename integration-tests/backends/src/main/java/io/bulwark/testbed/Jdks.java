package io.bulwark.testbed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the JDKs the tests and the demo run child JVMs on. */
public final class Jdks {

    private static final String JDK25_DEFAULT = "/usr/lib/jvm/temurin-25-jdk-amd64";
    private static final String JDK17_DEFAULT = "/usr/lib/jvm/java-17-openjdk-amd64";

    private Jdks() {
    }

    /** JDK 25: {@code JDK25_HOME}, else the Temurin install of these machines. */
    public static Optional<Path> jdk25() {
        return find("JDK25_HOME", JDK25_DEFAULT);
    }

    /** JDK 17: {@code JDK17_HOME}, else Debian's OpenJDK 17. */
    public static Optional<Path> jdk17() {
        return find("JDK17_HOME", JDK17_DEFAULT);
    }

    /** The JDK this JVM runs on. */
    public static Path current() {
        return Path.of(System.getProperty("java.home"));
    }

    /** JDK 25 when present, else this JVM's own JDK if it is at least Java 21 (Elasticsearch 9 needs 21). */
    public static Path java21OrNewer() {
        return jdk25().or(() -> Runtime.version().feature() >= 21 ? Optional.of(current()) : Optional.empty())
            .orElseThrow(() -> new IllegalStateException(
                "no JDK 21+ found: install JDK 25 at " + JDK25_DEFAULT + " or set JDK25_HOME"));
    }

    /** The {@code java} launcher of a JDK home. */
    public static Path javaBinary(Path jdkHome) {
        return jdkHome.resolve("bin").resolve("java");
    }

    private static Optional<Path> find(String envName, String defaultHome) {
        String fromEnv = System.getenv(envName);
        Path home = Path.of(fromEnv == null || fromEnv.isBlank() ? defaultHome : fromEnv);
        return Files.isExecutable(javaBinary(home)) ? Optional.of(home) : Optional.empty();
    }
}
