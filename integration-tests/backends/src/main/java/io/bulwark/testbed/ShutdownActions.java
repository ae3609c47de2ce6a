package io.bulwark.testbed;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One JVM shutdown hook that runs cleanup actions newest first, so a service is stopped before the backends it
 * uses, and no child process outlives the JVM that started it.
 */
public final class ShutdownActions {

    private static final Deque<Registration> ACTIONS = new ArrayDeque<>();
    private static boolean hookInstalled;

    private ShutdownActions() {
    }

    /** Registers an action; close the returned handle once the action is no longer needed. */
    public static synchronized Registration register(String name, Runnable action) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(ShutdownActions::runAll, "bulwark-testbed-cleanup"));
            hookInstalled = true;
        }
        Registration registration = new Registration(name, action);
        ACTIONS.push(registration);
        return registration;
    }

    private static void runAll() {
        Registration next;
        while ((next = pop()) != null) {
            try {
                next.action.run();
            } catch (RuntimeException e) {
                System.err.println("[testbed] cleanup of " + next.name + " failed: " + e);
            }
        }
    }

    private static synchronized Registration pop() {
        return ACTIONS.poll();
    }

    private static synchronized void remove(Registration registration) {
        ACTIONS.remove(registration);
    }

    /** A registered action; {@link #close()} forgets it. */
    public static final class Registration implements AutoCloseable {
        private final String name;
        private final Runnable action;

        private Registration(String name, Runnable action) {
            this.name = name;
            this.action = action;
        }

        @Override
        public void close() {
            remove(this);
        }
    }
}
