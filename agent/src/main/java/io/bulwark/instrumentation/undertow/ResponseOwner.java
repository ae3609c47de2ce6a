package io.bulwark.instrumentation.undertow;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who may write an exchange's response: whoever comes first, the application (its first write) or the agent (a
 * preemptive answer such as a 504). Once the agent owns it, only the agent's own thread gets through, and after the
 * agent's answer is out, nobody does.
 */
final class ResponseOwner {

    private static final int OPEN = 0;
    private static final int APPLICATION = 1;
    private static final int AGENT = 2;

    private final AtomicInteger owner = new AtomicInteger(OPEN);
    private volatile Thread agentThread;

    /** Claims the response for the calling thread; false when the application had already started it. */
    boolean claimForAgent() {
        if (owner.compareAndSet(OPEN, AGENT)) {
            agentThread = Thread.currentThread();
            return true;
        }
        return false;
    }

    /** After the agent's answer is out, nothing reaches the connection through this exchange any more. */
    void closeForEveryone() {
        agentThread = null;
    }

    /**
     * The application is taking the response channel (Undertow's start of the response): from here on the response
     * is the application's, unless the agent claimed it first.
     */
    void channelTaken() {
        if (Thread.currentThread() != agentThread) {
            owner.compareAndSet(OPEN, APPLICATION);
        }
    }

    /** Whether a write by the calling thread may reach the connection (the first write claims it for the application). */
    boolean mayWrite() {
        int current = owner.get();
        if (current == OPEN) {
            owner.compareAndSet(OPEN, APPLICATION);
            current = owner.get();
        }
        return current == APPLICATION || Thread.currentThread() == agentThread;
    }
}
