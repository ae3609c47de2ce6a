package io.bulwark.core.accesslog;

import io.bulwark.shaded.io.micrometer.core.instrument.MeterRegistry;
import io.bulwark.shaded.io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one access-log line costs, on each side of the queue. {@code submit}: the request thread's part, building the
 * entry and offering it to the bounded queue, {@value #BATCH} lines per invocation; between invocations (not timed)
 * the writer thread drains them into a sink that discards the bytes. Submitting back to back would fill the queue
 * within milliseconds (the writer formats a line in about seven times as long) and measure dropping instead, so a
 * dropped line fails the benchmark. {@code formatLine}: the writer thread's part per line, formatting a batch of
 * {@value #BATCH} typical entries as JSON lines (the file write is one call per batch, not counted here).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AccessLogBenchmark {

    private static final int BATCH = 128;
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 54_321);
    private static final String REQUEST_ID = UUID.randomUUID().toString();
    private static final AccessLog.Sink DISCARD = new AccessLog.Sink() {
        @Override
        public void write(byte[] lines, int offset, int length) {
        }

        @Override
        public void flush() {
        }
    };

    /** An access log whose writer drains what {@code submit} offers, between the timed invocations. */
    @State(Scope.Thread)
    public static class Draining {
        private final MeterRegistry registry = new SimpleMeterRegistry();
        private AccessLog log;
        private long submitted;

        @Setup
        public void start() {
            log = AccessLog.start(8_192, DISCARD, registry);
        }

        /** Waits until the writer has taken every line (about its 20 ms batch window); none may have been dropped. */
        @TearDown(Level.Invocation)
        public void awaitDrained() throws InterruptedException {
            submitted += BATCH;
            while (registry.get("bulwark.access.log.written").counter().count() < submitted) {
                if (registry.get("bulwark.access.log.dropped").counter().count() > 0) {
                    throw new IllegalStateException("the queue overflowed: the benchmark measured dropping");
                }
                Thread.sleep(1);
            }
        }
    }

    /** A batch of entries and an access log whose writer never gets one: its formatter is used directly. */
    @State(Scope.Thread)
    public static class Formatting {
        private final List<AccessLogEntry> batch = new ArrayList<>();
        private final ByteArrayOutputStream text = new ByteArrayOutputStream(64 * 1024);
        private AccessLog log;

        @Setup
        public void start() {
            log = AccessLog.start(8_192, DISCARD, new SimpleMeterRegistry());
            long now = System.currentTimeMillis();
            for (int i = 0; i < BATCH; i++) {
                batch.add(entry(now + i));
            }
        }
    }

    private static AccessLogEntry entry(long epochMillis) {
        return new AccessLogEntry(epochMillis, REQUEST_ID, "GET", "/api/v1/transactions/42", null,
            "/api/v1/transactions/{id}", 200, 1_234_567, PEER, "wrk", "demo");
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void submit(Draining draining) {
        for (int i = 0; i < BATCH; i++) {
            draining.log.submit(entry(System.currentTimeMillis()));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int formatLine(Formatting formatting) throws IOException {
        formatting.text.reset();
        formatting.log.format(formatting.batch, formatting.text);
        return formatting.text.size();
    }
}
