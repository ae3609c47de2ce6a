package io.bulwark.it.apps;

import java.util.logging.LogManager;

/**
 * An application that installs its own java.util.logging LogManager in its main method, as WildFly does (its
 * logging subsystem refuses to start under any other): it can only do so if nothing set up the JDK's LogManager
 * before main, the agent's premain included. Prints which LogManager it got.
 */
public final class OwnLogManagerApp {

    /** The application's own LogManager. */
    public static final class AppLogManager extends LogManager {
    }

    private OwnLogManagerApp() {
    }

    public static void main(String[] args) {
        System.setProperty("java.util.logging.manager", AppLogManager.class.getName());
        System.out.println("log manager: " + LogManager.getLogManager().getClass().getName());
    }
}
