package io.bulwark.agent;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Entry point for {@code -javaagent:bulwark-agent.jar[=config=/path/agent-config.yaml]}, for attaching to a running
 * JVM, and for the attach command itself. Starting only makes the bootstrap types visible to every class loader,
 * then hands over to {@link AgentInstaller}, created by name, so that no bootstrap type is loaded from the wrong
 * class loader first. Whatever happens, the application keeps running: failures are logged, never thrown.
 */
public final class BulwarkAgent {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private BulwarkAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, true);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, false);
    }

    /** {@code java -jar bulwark-agent.jar attach <pid> [config=...]}. */
    public static void main(String[] args) {
        System.exit(AttachCommand.run(args));
    }

    /**
     * What {@link AgentInstaller} is called through. Not a reflective call of a static method: adapting one with
     * primitive parameters (Method.invoke) spins some twenty method-handle classes, ~50 ms of the JVM's start-up.
     */
    interface Installer {
        void install(String arguments, Instrumentation instrumentation, boolean atJvmStart, long began)
            throws ReflectiveOperationException;
    }

    /** @param atJvmStart whether the JVM is only starting, so that none of the application's classes is loaded yet */
    private static void start(String arguments, Instrumentation instrumentation, boolean atJvmStart) {
        if (!STARTED.compareAndSet(false, true)) {
            System.err.println("[bulwark] WARN the agent is already running in this JVM; ignoring the second start");
            return;
        }
        long began = System.nanoTime();
        try {
            BootstrapClasses.defineInBootstrapLoader(instrumentation);
            Installer installer = (Installer) Class.forName("io.bulwark.agent.AgentInstaller")
                .getDeclaredConstructor().newInstance();
            installer.install(arguments, instrumentation, atJvmStart, began);
        } catch (Throwable error) {
            System.err.println("[bulwark] ERROR the agent failed to start; the application runs without it: " + error);
            error.printStackTrace();
        }
    }
}
