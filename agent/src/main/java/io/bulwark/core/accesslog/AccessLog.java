package io.bulwark.core.accesslog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.bulwark.core.AgentLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Structured access log: one JSON line per request, formatted and written by one daemon thread. Requests only
 * offer an entry to a bounded queue; when it is full the entry is dropped and counted
 * (bulwark_access_log_dropped_total), so a slow disk or console never blocks a request. Lines are written in
 * batches, at most {@value #BATCH_WINDOW_MILLIS} ms after their request completed.
 */
public final class AccessLog {

    private static final int MAX_FIELD_LENGTH = 2_048;
    private static final int BATCH_SIZE = 256;
    /** How long the writer lets lines gather once one arrives; a line is written at most this much later. */
    static final long BATCH_WINDOW_MILLIS = 20;

    private final BlockingQueue<AccessLogEntry> queue;
    private final Counter dropped;
    private final Counter written;
    private final Sink sink;
    private final JsonFactory json = new JsonFactory();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);

    private AccessLog(int capacity, Sink sink, MeterRegistry registry) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sink = sink;
        this.dropped = Counter.builder("bulwark.access.log.dropped")
            .description("Access-log lines dropped because the queue was full").register(registry);
        this.written = Counter.builder("bulwark.access.log.written")
            .description("Access-log lines written").register(registry);
    }

    /** @param file the log file, or null for standard output */
    public static AccessLog start(int capacity, Path file, MeterRegistry registry) {
        return start(capacity, Sink.open(file), registry);
    }

    static AccessLog start(int capacity, Sink sink, MeterRegistry registry) {
        AccessLog log = new AccessLog(capacity, sink, registry);
        Thread writer = new Thread(log::run, "bulwark-access-log");
        writer.setDaemon(true);
        writer.start();
        return log;
    }

    public void submit(AccessLogEntry entry) {
        if (!queue.offer(entry)) {
            dropped.increment();
        }
    }

    private void run() {
        List<AccessLogEntry> batch = new ArrayList<>(BATCH_SIZE);
        while (true) {
            try {
                batch.add(queue.take());
                // One wake-up and one write per batch rather than per request: waking the writer for every line
                // costs the request threads a context switch and the disk a syscall each.
                Thread.sleep(BATCH_WINDOW_MILLIS);
                do {
                    queue.drainTo(batch, BATCH_SIZE - batch.size());
                    for (AccessLogEntry entry : batch) {
                        sink.write(format(entry));
                        written.increment();
                    }
                    batch.clear();
                } while (!queue.isEmpty());
                sink.flush();
            } catch (InterruptedException interrupted) {
                return;
            } catch (IOException | RuntimeException error) {
                AgentLog.error("access log write failed; " + batch.size() + " lines lost", error);
            } finally {
                batch.clear();
            }
        }
    }

    byte[] format(AccessLogEntry entry) throws IOException {
        line.reset();
        try (JsonGenerator out = json.createGenerator(line)) {
            out.writeStartObject();
            out.writeStringField("timestamp", Instant.ofEpochMilli(entry.epochMillis()).toString());
            out.writeStringField("type", "access");
            out.writeStringField("request_id", entry.requestId());
            out.writeStringField("method", entry.method());
            out.writeStringField("path", clip(entry.path()));
            out.writeStringField("query", clip(entry.query()));
            out.writeStringField("endpoint", entry.endpoint());
            out.writeNumberField("status", entry.status());
            out.writeNumberField("duration_seconds", entry.durationNanos() / 1e9);
            out.writeStringField("client_ip", clientIp(entry.peer()));
            out.writeStringField("user_agent", clip(entry.userAgent()));
            out.writeStringField("user_id", clip(entry.user()));
            out.writeEndObject();
        }
        line.write('\n');
        return line.toByteArray();
    }

    private static String clientIp(InetSocketAddress peer) {
        if (peer == null) {
            return null;
        }
        return peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
    }

    /** Client-controlled values are length-limited; JSON escaping takes care of the rest. */
    private static String clip(String value) {
        return value == null || value.length() <= MAX_FIELD_LENGTH ? value : value.substring(0, MAX_FIELD_LENGTH) + "...";
    }

    /** Standard output (looked up at each write: applications sometimes replace System.out) or an appended file. */
    interface Sink {
        void write(byte[] line) throws IOException;

        void flush() throws IOException;

        static Sink open(Path file) {
            if (file != null) {
                try {
                    Path parent = file.toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), 64 * 1024);
                    return new Sink() {
                        @Override
                        public void write(byte[] line) throws IOException {
                            out.write(line);
                        }

                        @Override
                        public void flush() throws IOException {
                            out.flush();
                        }
                    };
                } catch (IOException | RuntimeException error) {
                    AgentLog.warn("cannot open access log file " + file + " (" + error + "); writing it to stdout");
                }
            }
            return new Sink() {
                @Override
                public void write(byte[] line) {
                    PrintStream stdout = System.out;
                    stdout.write(line, 0, line.length);
                }

                @Override
                public void flush() {
                    System.out.flush();
                }
            };
        }
    }
}
