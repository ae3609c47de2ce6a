package io.bulwark.testbed;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real Elasticsearch 9 node (the bulwark-elasticsearch-node jar) in a child JVM on JDK 21+, its home and data
 * directory kept across restarts.
 */
public final class ElasticsearchBackend extends AbstractBackend {

    private static final String CLASSPATH_RESOURCE = "bulwark/elasticsearch-node.classpath";
    private static final String MAIN_CLASS = "io.bulwark.testbed.es.ElasticsearchNodeMain";
    /** Printed by the node's main once HTTP is bound (see NodeRunner in elasticsearch-node). */
    private static final String READY_LINE = "bulwark-elasticsearch-node ready";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private JavaProcess node;

    public ElasticsearchBackend(Path workDirectory) {
        super(workDirectory);
    }

    @Override
    public String name() {
        return "elasticsearch";
    }

    @Override
    public String envName() {
        return "ELASTICSEARCH_URL";
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    protected void startServer() throws IOException, InterruptedException {
        String classpath = ClasspathResource.origin(CLASSPATH_RESOURCE) + File.pathSeparator
            + ClasspathResource.read(CLASSPATH_RESOURCE);
        node = JavaProcess.builder("elasticsearch-node")
            .jdk(Jdks.java21OrNewer())
            .mainClass(classpath, MAIN_CLASS)
            .jvmArgs("-Xms256m", "-Xmx512m")
            .jvmArgs(JavaProcess.FAST_START_FLAGS)
            .args(Integer.toString(port()), workDirectory.resolve("home").toString())
            .workingDirectory(workDirectory)
            .logFile(workDirectory.resolve("elasticsearch.log"))
            .start();
        try {
            node.awaitLogLine(line -> line.startsWith(READY_LINE), START_TIMEOUT);
        } catch (RuntimeException | InterruptedException e) {
            node.kill();
            throw e;
        }
    }

    @Override
    protected void stopServer() {
        node.stop();
    }

    @Override
    protected void afterKill() {
        node.kill();
    }

    @Override
    protected long serverPid() {
        return node.pid();
    }
}
