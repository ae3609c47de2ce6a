package io.bulwark.testbed;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Redis 6.2 from com.github.codemonstur:embedded-redis, without persistence (as a cache is run). */
public final class RedisBackend extends AbstractBackend {

    private final Path pidFile;
    private RedisServer server;
    private long pid;

    public RedisBackend(Path workDirectory) {
        super(workDirectory);
        this.pidFile = this.workDirectory.resolve("redis.pid");
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String envName() {
        return "REDIS_URL";
    }

    @Override
    public String url() {
        return "redis://127.0.0.1:" + port();
    }

    @Override
    protected void startServer() throws IOException, InterruptedException {
        Files.deleteIfExists(pidFile);
        server = RedisServer.newRedisServer()
            .port(port())
            .bind("127.0.0.1")
            .setting("save \"\"")
            .setting("appendonly no")
            .setting("dir " + workDirectory)
            .setting("pidfile " + pidFile)
            .build();
        server.start();
        pid = readPidFile();
    }

    @Override
    protected void stopServer() throws IOException {
        try {
            server.stop();
        } finally {
            server = null;
        }
    }

    @Override
    protected void afterKill() {
        try {
            server.stop();
        } catch (IOException | RuntimeException alreadyDead) {
            // stop() only tidies up the library's state here.
        } finally {
            server = null;
        }
    }

    @Override
    protected long serverPid() {
        return pid;
    }

    /** The library does not expose its process, but redis-server writes a pid file right after it starts. */
    private long readPidFile() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("redis wrote no pid file " + pidFile);
            }
            Thread.sleep(10);
        }
        return Long.parseLong(Files.readString(pidFile).strip());
    }
}
