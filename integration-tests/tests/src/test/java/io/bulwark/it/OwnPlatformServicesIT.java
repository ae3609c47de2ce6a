package io.bulwark.it;

import io.bulwark.it.apps.OwnPlatformServicesApp;
import io.bulwark.testbed.JavaProcess;
import io.bulwark.testbed.Jdks;
import io.bulwark.testbed.Ports;
import io.bulwark.testbed.Project;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent, with every feature of the default agent-config.yaml on (metrics with JVM metrics, the endpoint),
 * leaves java.util.logging and JMX alone in premain: an application that installs its own LogManager and its own
 * MBeanServerBuilder in main (as WildFly does) gets them.
 */
class OwnPlatformServicesIT {

    @Test
    void applicationInstallsItsOwnLogManagerAndMBeanServerBuilderWithTheAgentAttached() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        try (JavaProcess app = JavaProcess.builder("own-platform-services")
            .jdk(Jdks.jdk25().orElseThrow())
            .javaAgent(Project.locate().agentJar(), Project.locate().agentConfig())
            .mainClass(classpath, OwnPlatformServicesApp.class.getName())
            .env("BULWARK_AGENT_PORT", Integer.toString(Ports.freePort()))
            .workingDirectory(AgentedProcess.workDirectory("own-platform-services"))
            .start()) {
            assertEquals(OptionalInt.of(0), app.waitFor(Duration.ofSeconds(60)), "exit code; output: " + app.lines());
            assertTrue(app.lines().stream().anyMatch(line -> line.matches("\\[bulwark\\] INFO Bulwark \\S+ started .*")),
                "the agent started: " + app.lines());
            assertTrue(app.lines().contains("log manager: " + OwnPlatformServicesApp.AppLogManager.class.getName()),
                "the application's own LogManager: " + app.lines());
            assertTrue(app.lines().contains("platform MBean server built by the application's builder: true"),
                "the application's own MBeanServerBuilder: " + app.lines());
        }
    }
}
