package io.bulwark.core.accesslog;

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
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one access-log line costs, on each side of the queue. {@code submit}: the request thread's part, building the
 * entry and offering it to the bounded queue, while the writer thread drains it (into a sink that discards the
 * bytes, so no disk is measured). {@code formatLine}: the writer thread's part per line, formatting a batch of
 * {@value #BATCH} typical entries as JSON lines (the file write is one call per batch, not counted here).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AccessLogBenchmark {

    private static final int BATCH = 128;
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 54_321);

    private AccessLog draining;
    private AccessLog formatter;
    private final List<AccessLogEntry> batch = new ArrayList<>();
    private final ByteArrayOutputStream text = new ByteArrayOutputStream(64 * 1024);
    private final String requestId = UUID.randomUUID().toString();

    @Setup
    public void setUp() {
        AccessLog.Sink discard = new AccessLog.Sink() {
            @Override
            public void write(byte[] lines, int offset, int length) {
            }

            @Override
            public void flush() {
            }
        };
        draining = AccessLog.start(8_192, discard, new SimpleMeterRegistry());
        formatter = AccessLog.start(8_192, discard, new SimpleMeterRegistry()); // its writer never gets an entry
        long now = System.currentTimeMillis();
        for (int i = 0; i < BATCH; i++) {
            batch.add(entry(now + i));
        }
    }

    private AccessLogEntry entry(long epochMillis) {
        return new AccessLogEntry(epochMillis, requestId, "GET", "/api/v1/transactions/42", null,
            "/api/v1/transactions/{id}", 200, 1_234_567, PEER, "wrk", "demo");
    }

    @Benchmark
    public void submit() {
        draining.submit(entry(System.currentTimeMillis()));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int formatLine() throws IOException {
        text.reset();
        formatter.format(batch, text);
        return text.size();
    }
}
