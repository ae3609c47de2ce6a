package io.bulwark.it.apps;

import java.lang.management.ManagementFactory;
import java.util.logging.LogManager;
import javax.management.MBeanServer;
import javax.management.MBeanServerBuilder;
import javax.management.MBeanServerDelegate;

/**
 * An application that installs, in its main method, its own java.util.logging LogManager and its own JMX
 * MBeanServerBuilder, as WildFly does (its logging and JMX subsystems refuse to start under any other). It can only
 * do so if nothing set up the JDK's LogManager or the platform MBean server before main, the agent's premain
 * included. Prints which ones it got.
 */
public final class OwnPlatformServicesApp {

    /** The application's own LogManager. */
    public static final class AppLogManager extends LogManager {
    }

    /** The application's own MBeanServerBuilder; remembers that it built a server. */
    public static final class AppMBeanServerBuilder extends MBeanServerBuilder {
        static volatile boolean built;

        @Override
        public MBeanServer newMBeanServer(String defaultDomain, MBeanServer outer, MBeanServerDelegate delegate) {
            built = true;
            return super.newMBeanServer(defaultDomain, outer, delegate);
        }
    }

    private OwnPlatformServicesApp() {
    }

    public static void main(String[] args) {
        System.setProperty("java.util.logging.manager", AppLogManager.class.getName());
        System.setProperty("javax.management.builder.initial", AppMBeanServerBuilder.class.getName());
        System.out.println("log manager: " + LogManager.getLogManager().getClass().getName());
        ManagementFactory.getPlatformMBeanServer();
        System.out.println("platform MBean server built by the application's builder: " + AppMBeanServerBuilder.built);
    }
}
