package io.bulwark.core;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Failures of the agent's own code inside the application's threads: counted (bulwark_agent_errors_total), the first
 * one logged with its stack trace, never rethrown. The application carries on as if the agent were absent.
 */
public final class AgentErrors implements BiConsumer<String, Throwable> {

    private final LongAdder count = new LongAdder();
    private final AtomicBoolean logged = new AtomicBoolean();

    @Override
    public void accept(String where, Throwable error) {
        count.increment();
        if (logged.compareAndSet(false, true)) {
            AgentLog.error("internal error in " + where + " (the request continues without the agent's step;"
                + " further errors are only counted in bulwark_agent_errors_total)", error);
        }
    }

    public double count() {
        return count.sum();
    }
}
