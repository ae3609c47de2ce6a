package io.bulwark.testbed;

import java.io.IOException;
import java.time.Duration;

/**
 * A real backend server on a loopback port. The port is chosen on the first start and kept across restarts, and so
 * is the data directory, so a test can stop, kill or pause it and bring it back where clients expect it.
 */
public interface Backend {

    /** Short name: postgres, redis, kafka, elasticsearch. */
    String name();

    /** The environment variable that carries {@link #url()} to the sample service. */
    String envName();

    /** Starts the server and returns once it accepts clients. */
    void start() throws IOException, InterruptedException;

    /** Graceful shutdown. Does nothing when not running. */
    void stop();

    /** SIGKILL of the server process(es), then whatever cleanup lets {@link #start()} succeed again. */
    void kill();

    /** SIGSTOP of the server process(es): connections stay open but nothing is answered. */
    void pause();

    /** SIGCONT after {@link #pause()}. */
    void resume();

    boolean isRunning();

    int port();

    /** The pid of the main server process. */
    long pid();

    /** The address in the form the sample service expects. */
    String url();

    /** How long the last {@link #start()} took. */
    Duration lastStartTime();
}
