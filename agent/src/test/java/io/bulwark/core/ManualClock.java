package io.bulwark.core;

import java.time.Duration;

/** A clock that moves only when a test says so. Thread-safe, so concurrency tests can share it. */
public final class ManualClock implements Clock {

    private volatile long nanos;
    private final long epochMillisAtZero;

    public ManualClock(long epochMillisAtZero) {
        this.epochMillisAtZero = epochMillisAtZero;
    }

    public ManualClock() {
        this(1_800_000_000_000L);
    }

    public synchronized void advance(Duration duration) {
        nanos += duration.toNanos();
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public long currentTimeMillis() {
        return epochMillisAtZero + nanos / 1_000_000;
    }
}
