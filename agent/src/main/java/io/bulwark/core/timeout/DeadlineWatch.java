package io.bulwark.core.timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * Expires what outlives its deadline, on one daemon thread that looks every {@link #TICK_NANOS} while anything is
 * watched and sleeps while nothing is. Watching costs a request one lock-free enqueue: a ScheduledThreadPoolExecutor
 * (what this replaces) took its queue's lock twice per request, to schedule and to cancel, from every worker thread,
 * and woke its thread whenever a request found the queue empty. Finished entries are not cancelled one by one; the
 * next look drops them, so an entry outlives its request by one tick at most. Each look walks every entry, so it costs
 * in proportion to the requests in flight (a few microseconds per look for a thousand).
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

    private final ConcurrentLinkedQueue<Watched> watched = new ConcurrentLinkedQueue<>();
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
        watched.offer(entry);
        if (idle) {
            idle = false;
            LockSupport.unpark(thread);
        }
    }

    /** How many entries the watch holds now, finished ones not yet dropped included. */
    int size() {
        return watched.size();
    }

    private void run() {
        List<Watched> due = new ArrayList<>();
        while (true) {
            try {
                long now = System.nanoTime();
                watched.removeIf(entry -> entry.finished() || now - entry.deadlineNanos() >= 0 && due.add(entry));
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
        if (!watched.isEmpty()) {
            LockSupport.parkNanos(this, TICK_NANOS);
            return;
        }
        // Announce the sleep, then look once more: a watch() that enqueued before seeing idle is seen here, one
        // that enqueued after unparks (a permit given before park() makes it return at once).
        idle = true;
        if (watched.isEmpty()) {
            LockSupport.park(this);
        }
        idle = false;
    }
}
