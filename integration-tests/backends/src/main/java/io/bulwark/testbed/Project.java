package io.bulwark.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The Bulwark repository on disk and the artifacts the demo and the tests run. */
public record Project(Path root) {

    /** From system property {@code bulwark.root}, else the nearest directory upwards that is the repository root. */
    public static Project locate() {
        String configured = System.getProperty("bulwark.root");
        if (configured != null && !configured.isBlank()) {
            return new Project(Path.of(configured).toAbsolutePath().normalize());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return new Project(dir);
            }
        }
        throw new IllegalStateException("not inside the Bulwark repository (no agent-config.yaml next to the "
            + "bulwark-parent pom.xml above " + Path.of("").toAbsolutePath() + "); set -Dbulwark.root");
    }

    private static boolean isRoot(Path dir) {
        Path pom = dir.resolve("pom.xml");
        try {
            return Files.isRegularFile(dir.resolve("agent-config.yaml")) && Files.isRegularFile(pom)
                && Files.readString(pom).contains("<artifactId>bulwark-parent</artifactId>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path agentJar() {
        return root.resolve("agent/target/bulwark-agent.jar");
    }

    public Path sampleServiceJar() {
        return root.resolve("sample-service/target/sample-service.jar");
    }

    public Path agentConfig() {
        return root.resolve("agent-config.yaml");
    }

    /** A path below the repository root, e.g. "target/demo". */
    public Path resolve(String relative) {
        return root.resolve(relative);
    }
}
