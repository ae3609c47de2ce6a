package io.bulwark.it;

import io.bulwark.testbed.Project;
import io.bulwark.testbed.Stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One set of real backends per test JVM: started by the first test that asks, stopped when the JVM exits, so
 * every integration test class shares the start-up cost.
 */
public final class SharedStack {

    private static Stack stack;
    private static Throwable startFailure;

    private SharedStack() {
    }

    /** The running stack, started on first use (in parallel, about as long as the slowest backend). */
    public static synchronized Stack get() throws Exception {
        if (startFailure != null) {
            throw new IllegalStateException("the shared backends failed to start earlier", startFailure);
        }
        if (stack == null) {
            Stack fresh = Stack.fresh(workDirectory());
            try {
                fresh.start();
            } catch (Exception e) {
                startFailure = e;
                throw e;
            }
            // The backends also stop themselves at JVM exit; this hook stops them in parallel, which is faster.
            Runtime.getRuntime().addShutdownHook(new Thread(fresh::stopAll, "shared-stack-stop"));
            stack = fresh;
        }
        return stack;
    }

    public static Project project() {
        return Project.locate();
    }

    /**
     * target/backends/&lt;pid&gt;: test JVMs that run at the same time do not share data directories. Directories
     * of earlier JVMs that are gone are removed.
     */
    private static Path workDirectory() throws IOException {
        Path parent = project().resolve("integration-tests/tests/target/backends");
        if (Files.isDirectory(parent)) {
            try (Stream<Path> children = Files.list(parent)) {
                for (Path child : children.toList()) {
                    if (!isLiveJvm(child.getFileName().toString())) {
                        Stack.deleteWorkDirectory(child);
                    }
                }
            }
        }
        return parent.resolve(Long.toString(ProcessHandle.current().pid()));
    }

    private static boolean isLiveJvm(String name) {
        try {
            return ProcessHandle.of(Long.parseLong(name)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
