package io.bulwark.core.timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * Expires what outlives its deadline, on one daemon thread that sleeps until the earliest deadline it holds (or
 * without end while it holds none). Watched entries sit in a fixed table of {@link #SLOTS} slots: watching takes a
 * free slot (where the deadline hashes to, or one of the next few) with one compare-and-set, and the request gives
 * it back when it completes ({@link #release}), so the thread only ever looks at requests in flight, and wakes about
 * once per budget rather than every 10 ms. Watching wakes the thread only when the new deadline is earlier than the
 * one it sleeps until. When the slots near an entry's hash all hold running requests (about a thousand in flight),
 * it waits in an overflow queue instead, walked every {@link #TICK_NANOS} while it holds anything.
 * <p>
 * This replaced a queue that allocated a node per request and that the thread, waking every 10 ms, walked and
 * unlinked node by node (~0.35 us of CPU per request under load: touching every finished request again, and the
 * wake-ups), which itself replaced a ScheduledThreadPoolExecutor that locked its queue twice per request.
 */
final class DeadlineWatch {

    /** How often the overflow queue is walked while it holds anything. */
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
    /** What {@link #watch} returns for an entry that went to the overflow queue. */
    static final int OVERFLOW = -1;
    /** How many slots from its hashed one an entry tries before it overflows. */
    private static final int PROBES = 8;
    private static final int HASH_SHIFT = Long.SIZE - Integer.numberOfTrailingZeros(SLOTS);
    /** How far ahead "never" is: a sleep this long ends only when something is watched. */
    private static final long FOREVER_NANOS = Long.MAX_VALUE / 4;

    private final AtomicReferenceArray<Watched> slots = new AtomicReferenceArray<>(SLOTS);
    private final ConcurrentLinkedQueue<Watched> overflow = new ConcurrentLinkedQueue<>();
    private final BiConsumer<String, Throwable> errors;
    private final Thread thread;
    /** The System.nanoTime() by which the thread looks again at the latest; a watch() due earlier wakes it. */
    private volatile long wakeAt = System.nanoTime() + FOREVER_NANOS;

    DeadlineWatch(String threadName, BiConsumer<String, Throwable> errors) {
        this.errors = errors;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Watches the entry until it finishes; returns its slot for {@link #release}, or {@link #OVERFLOW}. */
    int watch(Watched entry) {
        long deadline = entry.deadlineNanos();
        int slot = takeSlot(entry, deadline);
        if (slot == OVERFLOW) {
            overflow.offer(entry);
        }
        long lookBy = slot == OVERFLOW ? System.nanoTime() + TICK_NANOS : deadline;
        if (lookBy - wakeAt < 0) {
            LockSupport.unpark(thread);
        }
        return slot;
    }

    /**
     * Gives back the slot of a finished entry (the thread would otherwise clear it at its next look); a negative slot
     * ({@link #OVERFLOW}, or an entry never watched) holds nothing to give back.
     */
    void release(int slot) {
        if (slot < 0) {
            return;
        }
        Watched held = slots.get(slot);
        if (held != null && held.finished()) {
            slots.compareAndSet(slot, held, null);
        }
    }

    /** Fibonacci hashing of the deadline: requests spread over the table whatever thread watches them. */
    private int takeSlot(Watched entry, long deadline) {
        int start = (int) ((deadline * 0x9E3779B97F4A7C15L) >>> HASH_SHIFT);
        for (int probe = 0; probe < PROBES; probe++) {
            int slot = (start + probe) & (SLOTS - 1);
            Watched held = slots.get(slot);
            if ((held == null || held.finished()) && slots.compareAndSet(slot, held, entry)) {
                return slot;
            }
        }
        return OVERFLOW;
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
            long now = System.nanoTime();
            long next;
            try {
                wakeAt = now; // awake: no watch() needs to unpark
                next = look(now, due);
                for (Watched entry : due) {
                    expire(entry);
                }
                // Announce the sleep, then look once more: a watch() that took its slot before reading wakeAt is
                // seen here; one that took it after reads the new wakeAt and unparks if it is due earlier.
                wakeAt = next;
                next = earliestDeadline(next);
            } catch (Throwable error) {
                errors.accept("deadline watch", error);
                next = now + TICK_NANOS;
            }
            due.clear();
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                LockSupport.parkNanos(this, sleep);
            }
        }
    }

    /** Takes what is due into {@code due}, drops what finished; returns when to look next. */
    private long look(long now, List<Watched> due) {
        long next = now + FOREVER_NANOS;
        for (int slot = 0; slot < SLOTS; slot++) {
            Watched entry = slots.get(slot);
            if (entry == null) {
                continue;
            }
            boolean finished = entry.finished();
            long deadline = entry.deadlineNanos();
            if (finished || now - deadline >= 0) {
                if (slots.compareAndSet(slot, entry, null) && !entry.finished()) { // it may have finished since
                    due.add(entry);
                }
            } else if (deadline - next < 0) {
                next = deadline;
            }
        }
        overflow.removeIf(entry -> entry.finished() || now - entry.deadlineNanos() >= 0 && due.add(entry));
        return overflow.isEmpty() ? next : Math.min(next - now, TICK_NANOS) + now;
    }

    /** The earliest deadline of the running entries in the slots, or {@code latest} if none is earlier. */
    private long earliestDeadline(long latest) {
        long earliest = latest;
        for (int slot = 0; slot < SLOTS; slot++) {
            Watched entry = slots.get(slot);
            if (entry != null && !entry.finished() && entry.deadlineNanos() - earliest < 0) {
                earliest = entry.deadlineNanos();
            }
        }
        return earliest;
    }

    private void expire(Watched entry) {
        try {
            entry.expire();
        } catch (RuntimeException | LinkageError error) {
            errors.accept("request timeout", error);
        }
    }
}
