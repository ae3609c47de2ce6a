package io.bulwark.core.breaker;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outcomes of the last {@code size} calls (a count-based sliding window), lock-free: each call takes the next
 * slot of a ring and swaps its outcome in, adjusting the failure and slow counts by the difference to the outcome it
 * replaced. Concurrent readers may see a count one call ahead of another; the rates are exact once writers settle.
 */
final class OutcomeWindow {

    private static final int FAILED = 1;
    private static final int SLOW = 2;

    private final int size;
    private final AtomicIntegerArray slots;
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger slowCalls = new AtomicInteger();

    OutcomeWindow(int size) {
        this.size = size;
        this.slots = new AtomicIntegerArray(size);
    }

    void record(boolean failed, boolean slow) {
        int outcome = (failed ? FAILED : 0) | (slow ? SLOW : 0);
        int slot = (int) (recorded.getAndIncrement() % size);
        int replaced = slots.getAndSet(slot, outcome);
        int failureDelta = (outcome & FAILED) - (replaced & FAILED);
        if (failureDelta != 0) {
            failures.addAndGet(failureDelta);
        }
        int slowDelta = ((outcome & SLOW) - (replaced & SLOW)) / SLOW;
        if (slowDelta != 0) {
            slowCalls.addAndGet(slowDelta);
        }
    }

    /** Calls in the window: everything recorded, up to its size. */
    int calls() {
        return (int) Math.min(recorded.get(), size);
    }

    int failures() {
        return failures.get();
    }

    int slowCalls() {
        return slowCalls.get();
    }
}
