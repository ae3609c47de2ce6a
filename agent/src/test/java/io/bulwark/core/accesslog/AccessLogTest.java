package io.bulwark.core.accesslog;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessLogTest {

    @TempDir
    Path dir;

    @Test
    void writesOneJsonLinePerRequestToAFile() throws Exception {
        Path file = dir.resolve("logs/access.log");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AccessLog log = AccessLog.start(16, file, registry);
        log.submit(entry("req-1", "a\"quote\nnewline", "alice"));
        log.submit(entry("req-2", "plain", null));
        List<String> lines = awaitLines(file, 2);
        assertEquals("{\"timestamp\":\"2027-01-15T08:00:00.000Z\",\"type\":\"access\",\"request_id\":\"req-1\",\"method\":\"GET\","
            + "\"path\":\"/items/7\",\"query\":\"q=1\",\"endpoint\":\"/items/{id}\",\"status\":200,\"duration_seconds\":0.0125,"
            + "\"client_ip\":\"10.1.2.3\",\"user_agent\":\"a\\\"quote\\nnewline\",\"user_id\":\"alice\"}", lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"timestamp\":") && lines.get(1).endsWith("\"user_id\":null}"),
            lines.get(1));
        assertEquals(2.0, registry.get("bulwark.access.log.written").counter().count());
    }

    @Test
    void dropsAndCountsWhatDoesNotFitWhileTheWriterIsStuck() throws Exception {
        CountDownLatch writerStuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AccessLog.Sink blocking = new AccessLog.Sink() {
            @Override
            public void write(byte[] lines, int offset, int length) throws java.io.IOException {
                writerStuck.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }

            @Override
            public void flush() {
            }
        };
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AccessLog log = AccessLog.start(4, blocking, registry);
        log.submit(entry("first", "ua", null));
        assertTrue(writerStuck.await(5, TimeUnit.SECONDS));
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            log.submit(entry("r" + i, "ua", null)); // 4 fit in the queue, 6 are dropped, none blocks
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "submitting never blocks");
        assertEquals(6.0, registry.get("bulwark.access.log.dropped").counter().count());
        release.countDown();
    }

    private static AccessLogEntry entry(String id, String userAgent, String user) {
        return new AccessLogEntry(java.time.Instant.parse("2027-01-15T08:00:00Z").toEpochMilli(), id, "GET", "/items/7", "q=1", "/items/{id}", 200,
            12_500_000, new InetSocketAddress("10.1.2.3", 4000), userAgent, user);
    }

    private static List<String> awaitLines(Path file, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() >= count) {
                    return lines;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("expected " + count + " lines in " + file);
    }
}
