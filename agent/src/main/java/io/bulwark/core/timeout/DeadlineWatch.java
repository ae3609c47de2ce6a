package io.bulwark.core.timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * Expires what outlives its deadline, on one daemon thread that looks every {@link #TICK_NANOS} while anything is
 * watched and sleeps while nothing is. Watched entries sit in a fixed table of {@link #SLOTS} slots: watching takes a
 * free slot, or the slot of an entry that has finished, with one compare-and-set (where its deadline hashes to,
 * or one of the next few slots), and finished entries are never removed one by one: each look clears their slots, so
 * an entry outlives its request by one tick at most. A look reads every slot, a few microseconds per tick whatever
 * the request rate. When the slots near an entry's hash all hold running requests (more than a thousand in flight),
 * it waits in an overflow queue that each look walks instead. This replaced a queue that allocated a node per
 * request and unlinked every node again on the watch's thread (~0.35 us of CPU per request under load), which
 * itself replaced a ScheduledThreadPoolExecutor that locked its queue twice per request.
 */
final class DeadlineWatch {

    /** How late an expiry may be: the thread's period while something is watched. */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** One thing to watch. */
    interface Watched {

        /** System.nanoTime() after which {@link #expire} runs, unless {@link #finished} is true by then. */
        long deadlineNanos();

        boolean finished();

        /** Runs on the watch's thread; must not block for long, every other deadline waits meanwhile. */
        void expire();
    }

    /** How many entries the table holds (a power of two); more wait in the overflow queue. */
    static final int SLOTS = 1024;
    /** How many slots from its hashed one an entry tries before it overflows. */
    private static final int PROBES = 8;
    private static final int HASH_SHIFT = Long.SIZE - Integer.numberOfTrailingZeros(SLOTS);

    private final AtomicReferenceArray<Watched> slots = new AtomicReferenceArray<>(SLOTS);
    private final ConcurrentLinkedQueue<Watched> overflow = new ConcurrentLinkedQueue<>();
    private final BiConsumer<String, Throwable> errors;
    private final Thread thread;
    /** True while the thread sleeps until something is watched: the next {@link #watch} wakes it. */
    private volatile boolean idle;

    DeadlineWatch(String threadName, BiConsumer<String, Throwable> errors) {
        this.errors = errors;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    void watch(Watched entry) {
        if (!takeSlot(entry)) {
            overflow.offer(entry);
        }
        if (idle) {
            idle = false;
            LockSupport.unpark(thread);
        }
    }

    /** Fibonacci hashing of the deadline: requests spread over the table whatever thread watches them. */
    private boolean takeSlot(Watched entry) {
        int start = (int) ((entry.deadlineNanos() * 0x9E3779B97F4A7C15L) >>> HASH_SHIFT);
        for (int probe = 0; probe < PROBES; probe++) {
            int slot = (start + probe) & (SLOTS - 1);
            Watched held = slots.get(slot);
            if ((held == null || held.finished()) && slots.compareAndSet(slot, held, entry)) {
                return true;
            }
        }
        return false;
    }

    /** How many entries the watch holds now, finished ones not yet dropped included. */
    int size() {
        int size = overflow.size();
        for (int slot = 0; slot < SLOTS; slot++) {
            size += slots.get(slot) == null ? 0 : 1;
        }
        return size;
    }

    private void run() {
        List<Watched> due = new ArrayList<>();
        while (true) {
            try {
                long now = System.nanoTime();
                for (int slot = 0; slot < SLOTS; slot++) {
                    Watched entry = slots.get(slot);
                    if (entry != null && (entry.finished() || now - entry.deadlineNanos() >= 0)
                            && slots.compareAndSet(slot, entry, null) && !entry.finished()) {
                        due.add(entry);
                    }
                }
                overflow.removeIf(entry -> entry.finished() || now - entry.deadlineNanos() >= 0 && due.add(entry));
                for (Watched entry : due) {
                    expire(entry);
                }
            } catch (Throwable error) {
                errors.accept("deadline watch", error);
            }
            due.clear();
            sleep();
        }
    }

    private void expire(Watched entry) {
        try {
            entry.expire();
        } catch (RuntimeException | LinkageError error) {
            errors.accept("request timeout", error);
        }
    }

    private void sleep() {
        if (!isEmpty()) {
            LockSupport.parkNanos(this, TICK_NANOS);
            return;
        }
        // Announce the sleep, then look once more: a watch() that took a slot before seeing idle is seen here, one
        // that took it after unparks (a permit given before park() makes it return at once).
        idle = true;
        if (isEmpty()) {
            LockSupport.park(this);
        }
        idle = false;
    }

    private boolean isEmpty() {
        for (int slot = 0; slot < SLOTS; slot++) {
            if (slots.get(slot) != null) {
                return false;
            }
        }
        return overflow.isEmpty();
    }
}
