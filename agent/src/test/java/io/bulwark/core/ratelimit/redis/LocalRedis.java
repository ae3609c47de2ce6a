package io.bulwark.core.ratelimit.redis;

import redis.clients.jedis.Jedis;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A real redis-server (from the embedded-redis artifact) on a free loopback port, which a test may stop or pause. */
final class LocalRedis implements AutoCloseable {

    private final Path directory;
    private final int port;
    private RedisServer server;

    LocalRedis() throws IOException {
        this.directory = Files.createTempDirectory("bulwark-redis-test");
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    static LocalRedis started() throws IOException {
        LocalRedis redis = new LocalRedis();
        redis.start();
        return redis;
    }

    void start() throws IOException {
        server = RedisServer.newRedisServer()
            .port(port)
            .bind("127.0.0.1")
            .setting("save \"\"")
            .setting("appendonly no")
            .setting("dir " + directory)
            .setting("pidfile " + directory.resolve("redis.pid"))
            .build();
        server.start();
    }

    void stop() throws IOException {
        server.stop();
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** SIGSTOP / SIGCONT: the server keeps its connections but answers nothing. */
    void pause(boolean paused) throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readString(directory.resolve("redis.pid")).strip());
        Process kill = new ProcessBuilder(List.of("kill", paused ? "-STOP" : "-CONT", Long.toString(pid))).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill failed");
        }
    }

    /** A plain connection to send commands with, from the test. */
    Jedis client() {
        return new Jedis("127.0.0.1", port);
    }

    @Override
    public void close() throws IOException {
        if (server != null && server.isActive()) {
            server.stop();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
