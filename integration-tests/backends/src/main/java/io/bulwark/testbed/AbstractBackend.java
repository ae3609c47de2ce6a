package io.bulwark.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The state every backend shares: its port, its work directory, running/paused, and cleanup at JVM exit. */
abstract class AbstractBackend implements Backend {

    protected final Path workDirectory;
    private int port;
    private boolean running;
    private boolean paused;
    private ShutdownActions.Registration cleanup;
    private Duration lastStartTime = Duration.ZERO;

    AbstractBackend(Path workDirectory) {
        this.workDirectory = workDirectory.toAbsolutePath();
    }

    /** Starts the server on {@link #port()} and returns once it accepts clients. */
    protected abstract void startServer() throws IOException, InterruptedException;

    /** Graceful stop of a running server. */
    protected abstract void stopServer() throws IOException;

    /** Called after the server process(es) were SIGKILLed: release whatever the dead server held. */
    protected abstract void afterKill();

    /** The main server process. */
    protected abstract long serverPid();

    /** Picks further ports on the first start, beside the main one (Kafka's controller port). */
    protected void choosePorts() {
    }

    @Override
    public final synchronized void start() throws IOException, InterruptedException {
        if (running) {
            return;
        }
        long started = System.nanoTime();
        if (port == 0) {
            port = Ports.freePort();
            choosePorts();
        }
        Files.createDirectories(workDirectory);
        // Registered first: a JVM exit during the start waits for it (stop() needs this monitor), then stops it.
        cleanup = ShutdownActions.register(name(), this::stop);
        try {
            startServer();
        } catch (IOException | InterruptedException | RuntimeException e) {
            cleanup.close();
            throw e;
        }
        running = true;
        lastStartTime = Duration.ofNanos(System.nanoTime() - started);
    }

    @Override
    public final synchronized void stop() {
        if (!running) {
            return;
        }
        // A stopped (SIGSTOP) process would not act on SIGTERM before SIGCONT.
        resume();
        try {
            stopServer();
        } catch (IOException e) {
            throw new IllegalStateException(name() + " did not stop", e);
        } finally {
            forget();
        }
    }

    @Override
    public final synchronized void kill() {
        if (!running) {
            return;
        }
        try {
            Signals.killTree(serverPid());
            afterKill();
        } finally {
            forget();
        }
    }

    @Override
    public final synchronized void pause() {
        if (running && !paused) {
            Signals.pause(Signals.tree(serverPid()));
            paused = true;
        }
    }

    @Override
    public final synchronized void resume() {
        if (running && paused) {
            Signals.resume(Signals.tree(serverPid()));
            paused = false;
        }
    }

    @Override
    public final synchronized boolean isRunning() {
        return running;
    }

    @Override
    public final synchronized int port() {
        return port;
    }

    @Override
    public final synchronized long pid() {
        if (!running) {
            throw new IllegalStateException(name() + " is not running");
        }
        return serverPid();
    }

    @Override
    public final synchronized Duration lastStartTime() {
        return lastStartTime;
    }

    @Override
    public String toString() {
        return name() + " " + url();
    }

    private void forget() {
        running = false;
        paused = false;
        cleanup.close();
    }
}
