package io.bulwark.testbed.es;

import org.junit.runner.JUnitCore;
import org.junit.runner.Result;

/**
 * Runs one real Elasticsearch node until the JVM is told to stop (SIGTERM).
 * Arguments: HTTP port, home directory (data lives below it).
 *
 * <p>The test framework's MockNode only works inside the randomized-testing runner, so the node is started from a
 * JUnit 4 "test" ({@link NodeRunner}) run through {@link JUnitCore}.
 */
public final class ElasticsearchNodeMain {

    private ElasticsearchNodeMain() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: ElasticsearchNodeMain <http-port> <home-dir>");
            System.exit(2);
        }
        System.setProperty(NodeRunner.HTTP_PORT_PROPERTY, args[0]);
        System.setProperty(NodeRunner.HOME_PROPERTY, args[1]);
        Result result = JUnitCore.runClasses(NodeRunner.class);
        result.getFailures().forEach(failure -> {
            System.err.println("elasticsearch-node failed: " + failure.getMessage());
            System.err.println(failure.getTrace());
        });
        System.exit(result.wasSuccessful() ? 0 : 1);
    }
}
