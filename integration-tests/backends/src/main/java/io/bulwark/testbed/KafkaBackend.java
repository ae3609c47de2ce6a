package io.bulwark.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.OptionalInt;

/**
 * A one-node Kafka 4.4 (KRaft: broker and controller in one process) in a child JVM, on the classpath stored in
 * the bulwark-kafka-server jar.
 */
public final class KafkaBackend extends AbstractBackend {

    private static final String CLASSPATH_RESOURCE = "bulwark/kafka-server.classpath";
    private static final String READY_MESSAGE = "Kafka Server started";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path propertiesFile;
    private final Path dataDirectory;
    private int controllerPort;
    private JavaProcess broker;

    public KafkaBackend(Path workDirectory) {
        super(workDirectory);
        this.propertiesFile = this.workDirectory.resolve("server.properties");
        this.dataDirectory = this.workDirectory.resolve("data");
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public String envName() {
        return "KAFKA_BOOTSTRAP_SERVERS";
    }

    @Override
    public String url() {
        return "127.0.0.1:" + port();
    }

    @Override
    protected void choosePorts() {
        controllerPort = Ports.freePort();
    }

    @Override
    protected void startServer() throws IOException, InterruptedException {
        Files.writeString(propertiesFile, serverProperties());
        if (!Files.exists(dataDirectory.resolve("meta.properties"))) {
            formatStorage();
        }
        broker = java("kafka-broker", "kafka.Kafka", workDirectory.resolve("kafka.log"))
            .args(propertiesFile.toString())
            .start();
        try {
            broker.awaitLogLine(line -> line.contains(READY_MESSAGE), START_TIMEOUT);
            awaitListening();
        } catch (RuntimeException | InterruptedException e) {
            broker.kill();
            throw e;
        }
    }

    @Override
    protected void stopServer() {
        broker.stop();
    }

    @Override
    protected void afterKill() {
        broker.kill();
    }

    @Override
    protected long serverPid() {
        return broker.pid();
    }

    private void formatStorage() throws IOException, InterruptedException {
        JavaProcess format = java("kafka-storage-format", "kafka.tools.StorageTool",
            workDirectory.resolve("kafka-format.log"))
            .args("format", "-t", randomClusterId(), "-c", propertiesFile.toString())
            .start();
        OptionalInt exit = format.waitFor(START_TIMEOUT);
        format.close();
        if (exit.isEmpty() || exit.getAsInt() != 0) {
            throw new IOException("formatting Kafka storage failed, see " + format.logFile() + ": "
                + String.join("\n", format.lines()));
        }
    }

    private JavaProcess.Builder java(String processName, String mainClass, Path logFile) {
        return JavaProcess.builder(processName)
            .mainClass(ClasspathResource.read(CLASSPATH_RESOURCE), mainClass)
            .jvmArgs("-Xms256m", "-Xmx512m")
            .jvmArgs(JavaProcess.FAST_START_FLAGS)
            .jvmArgs(
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                // The one info line that says the broker is up.
                "-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info")
            .workingDirectory(workDirectory)
            .logFile(logFile);
    }

    /** The broker accepts connections a moment after it logs that it started. */
    private void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Ports.isListening(port())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("kafka logged that it started but does not listen on " + port());
            }
            Thread.sleep(50);
        }
    }

    /** A Kafka cluster id: 16 random bytes, URL-safe base64; not starting with '-' so the CLI does not misread it. */
    private static String randomClusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    private String serverProperties() {
        return String.join("\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:" + port() + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port(),
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "inter.broker.listener.name=PLAINTEXT",
            "log.dirs=" + dataDirectory,
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "num.partitions=1",
            "");
    }
}
