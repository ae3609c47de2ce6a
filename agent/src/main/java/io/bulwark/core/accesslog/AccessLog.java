package io.bulwark.core.accesslog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.bulwark.core.AgentLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
    // Field names (and the one constant value) encoded once, not on every line
    private static final SerializableString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializableString TYPE = new SerializedString("type");
    private static final SerializableString ACCESS = new SerializedString("access");
    private static final SerializableString REQUEST_ID = new SerializedString("request_id");
    private static final SerializableString METHOD = new SerializedString("method");
    private static final SerializableString PATH = new SerializedString("path");
    private static final SerializableString QUERY = new SerializedString("query");
    private static final SerializableString ENDPOINT = new SerializedString("endpoint");
    private static final SerializableString STATUS = new SerializedString("status");
    private static final SerializableString DURATION_SECONDS = new SerializedString("duration_seconds");
    private static final SerializableString CLIENT_IP = new SerializedString("client_ip");
    private static final SerializableString USER_AGENT = new SerializedString("user_agent");
    private static final SerializableString USER_ID = new SerializedString("user_id");

    private final BlockingQueue<AccessLogEntry> queue;
    private final Counter dropped;
    private final Counter written;
    private final Sink sink;
    // no separator between lines but the '\n' written after each (Jackson's default separates them with a space)
    private final JsonFactory json = new JsonFactoryBuilder().rootValueSeparator((String) null).build();
    // Writer-thread state, reused for every batch.
    private final Batch batchText = new Batch();
    private final Timestamps timestamps = new Timestamps();
    private InetAddress lastAddress;
    private String lastIp;

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
                    batchText.reset();
                    format(batch, batchText);
                    sink.write(batchText.bytes(), 0, batchText.size());
                    written.increment(batch.size());
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

    /** Appends one JSON line per entry to {@code out}: one generator per batch, not per line. */
    void format(List<AccessLogEntry> entries, OutputStream out) throws IOException {
        try (JsonGenerator line = json.createGenerator(out)) {
            for (AccessLogEntry entry : entries) {
                line.writeStartObject();
                line.writeFieldName(TIMESTAMP);
                char[] timestamp = timestamps.format(entry.epochMillis());
                line.writeString(timestamp, 0, timestamp.length);
                line.writeFieldName(TYPE);
                line.writeString(ACCESS);
                field(line, REQUEST_ID, entry.requestId());
                field(line, METHOD, entry.method());
                field(line, PATH, clip(entry.path()));
                field(line, QUERY, clip(entry.query()));
                field(line, ENDPOINT, entry.endpoint());
                line.writeFieldName(STATUS);
                line.writeNumber(entry.status());
                line.writeFieldName(DURATION_SECONDS);
                line.writeNumber(entry.durationNanos() / 1e9);
                field(line, CLIENT_IP, clientIp(entry.peer()));
                field(line, USER_AGENT, clip(entry.userAgent()));
                field(line, USER_ID, clip(entry.user()));
                line.writeEndObject();
                line.writeRaw('\n');
            }
        }
    }

    /** A string field; null is written as JSON null. */
    private static void field(JsonGenerator line, SerializableString name, String value) throws IOException {
        line.writeFieldName(name);
        line.writeString(value);
    }

    /** The peer's address as text; successive requests mostly come from the same few clients, so the last is kept. */
    private String clientIp(InetSocketAddress peer) {
        if (peer == null) {
            return null;
        }
        InetAddress address = peer.getAddress();
        if (address == null) {
            return peer.getHostString();
        }
        if (!address.equals(lastAddress)) {
            lastIp = address.getHostAddress();
            lastAddress = address;
        }
        return lastIp;
    }

    /** Client-controlled values are length-limited; JSON escaping takes care of the rest. */
    private static String clip(String value) {
        return value == null || value.length() <= MAX_FIELD_LENGTH ? value : value.substring(0, MAX_FIELD_LENGTH) + "...";
    }

    /** Standard output (looked up at each write: applications sometimes replace System.out) or an appended file. */
    interface Sink {
        /** Writes whole lines (a batch of them) in one call, so no other writer of the stream splits a line. */
        void write(byte[] lines, int offset, int length) throws IOException;

        void flush() throws IOException;

        static Sink open(Path file) {
            if (file != null) {
                try {
                    Path parent = file.toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    // unbuffered: each write is a whole batch already, which a buffer would only copy once more
                    OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE);
                    return new Sink() {
                        @Override
                        public void write(byte[] lines, int offset, int length) throws IOException {
                            out.write(lines, offset, length);
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
                public void write(byte[] lines, int offset, int length) {
                    PrintStream stdout = System.out;
                    stdout.write(lines, offset, length);
                }

                @Override
                public void flush() {
                    System.out.flush();
                }
            };
        }
    }

    /** The text of one batch, handed to the sink without a copy; it keeps the capacity of the largest batch so far. */
    private static final class Batch extends ByteArrayOutputStream {
        Batch() {
            super(64 * 1024);
        }

        byte[] bytes() {
            return buf;
        }
    }
}
