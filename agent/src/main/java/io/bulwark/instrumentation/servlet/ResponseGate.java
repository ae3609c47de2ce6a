package io.bulwark.instrumentation.servlet;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The life of one servlet response as the agent sees it (JDK types only, shared by the javax and jakarta helpers):
 * who owns the response, the application (its first write) or the agent (a preemptive answer such as a 504), and
 * that the pipeline's commit and completion steps each run once. Once the agent owns the response, everything the
 * application writes is discarded.
 */
public final class ResponseGate {

    private static final int OPEN = 0;
    private static final int APPLICATION = 1;
    private static final int AGENT = 2;

    private final AtomicInteger owner = new AtomicInteger(OPEN);
    private final AtomicBoolean committed = new AtomicBoolean();
    private final AtomicBoolean completed = new AtomicBoolean();
    private Thread handlerThread;
    private boolean interrupted;

    /** The application is about to write or commit: true when it may (its first write claims the response). */
    public boolean applicationMayWrite() {
        return owner.compareAndSet(OPEN, APPLICATION) || owner.get() == APPLICATION;
    }

    /** Claims the response for the agent; false when the application had already started it. */
    public boolean claimForAgent() {
        return owner.compareAndSet(OPEN, AGENT);
    }

    /** Whether the agent has answered in the application's place: what the application does now is discarded. */
    public boolean agentOwns() {
        return owner.get() == AGENT;
    }

    /** True the first time only: the pipeline's beforeCommit runs once per response. */
    public boolean firstCommit() {
        return committed.compareAndSet(false, true);
    }

    /** True the first time only: the pipeline's complete runs once per request. */
    public boolean firstCompletion() {
        return completed.compareAndSet(false, true);
    }

    /** Records the thread that runs the application's code for this request now. */
    public synchronized void handlerThread(Thread thread) {
        handlerThread = thread;
    }

    /** Interrupts the application's thread, if it still runs the request. */
    public synchronized void interruptHandler() {
        if (handlerThread != null) {
            interrupted = true;
            handlerThread.interrupt();
        }
    }

    /**
     * Called by the handler's thread when it leaves the application: no interrupt can reach it any more, and one
     * that the agent sent is cleared, so that it cannot break the container's next use of this pooled thread.
     */
    public void handlerLeft() {
        boolean clear;
        synchronized (this) {
            handlerThread = null;
            clear = interrupted;
            interrupted = false;
        }
        if (clear) {
            Thread.interrupted();
        }
    }
}
