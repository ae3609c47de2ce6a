package io.bulwark.core;

/** Time as the engine sees it: injectable so that policies are tested without sleeping. */
public interface Clock {

    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }
    };

    /** Monotonic time for durations and deadlines. */
    long nanoTime();

    /** Wall-clock time for values shown to clients (e.g. X-RateLimit-Reset). */
    long currentTimeMillis();
}
