package io.bulwark.bootstrap;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How deeply calls of one kind are nested on the current thread, so that an instrumentation records only the
 * outermost one when wrappers delegate to what they wrap (a connection pool's statement proxy calling the driver's
 * statement). Kept here, in the bootstrap loader, because the wrapper and the wrapped may come from different class
 * loaders. Every {@link #enter()} must be paired with one {@link #exit()} on the same thread.
 */
public final class CallDepth {

    private static final ConcurrentHashMap<String, CallDepth> BY_KIND = new ConcurrentHashMap<>();

    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    private CallDepth() {
    }

    /** The depth of one kind of call, e.g. "jdbc"; kinds are constants of the instrumentations. */
    public static CallDepth of(String kind) {
        CallDepth existing = BY_KIND.get(kind);
        return existing != null ? existing : BY_KIND.computeIfAbsent(kind, k -> new CallDepth());
    }

    /** Enters one level; returns the depth before it, so 0 means this is the outermost call. */
    public int enter() {
        return depth.get()[0]++;
    }

    public void exit() {
        int[] current = depth.get();
        if (current[0] > 0) {
            current[0]--;
        }
    }
}
