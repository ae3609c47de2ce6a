package io.bulwark.agent;

import com.sun.tools.attach.VirtualMachine;

import java.io.File;

/**
 * {@code java -jar bulwark-agent.jar attach <pid> [config=/path/agent-config.yaml]}: loads the agent into a running
 * JVM (the JDK's attach API; the target JVM's own environment decides BULWARK_CONFIG and the other overrides).
 * Classes the application has already loaded are retransformed.
 */
final class AttachCommand {

    private static final String USAGE = "usage: java -jar bulwark-agent.jar attach <pid> [config=/path/agent-config.yaml]";

    private AttachCommand() {
    }

    /** Returns the process exit code. */
    static int run(String[] args) {
        if (args.length < 2 || args.length > 3 || !args[0].equals("attach") || !args[1].matches("[0-9]+")) {
            System.err.println(USAGE);
            return 2;
        }
        String options = args.length == 3 ? args[2] : null;
        try {
            File agentJar = new File(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            VirtualMachine target = VirtualMachine.attach(args[1]);
            try {
                target.loadAgent(agentJar.getAbsolutePath(), options);
            } finally {
                target.detach();
            }
            System.out.println("Bulwark attached to JVM " + args[1] + "; its log shows the agent's start-up banner");
            return 0;
        } catch (Exception error) {
            System.err.println("cannot attach Bulwark to JVM " + args[1] + ": " + error);
            return 1;
        }
    }
}
