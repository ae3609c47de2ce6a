package io.bulwark.benchmarks.start;

import java.time.Duration;

/**
 * The application of {@link AgentStartBenchmark}: loads the classes named in its arguments, without initialising
 * them (none for the empty main), then says how much CPU its process has used, so that everything it used is the
 * JVM's start, the loading and, when one is attached, the agent's start and its weaving of those classes.
 * ProcessHandle reads the figure from the operating system (all threads, the JIT compiler's included) and is in
 * java.base: the probe loads nothing the agent might have loaded for it.
 */
public final class StartProbe {

    private StartProbe() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        for (String className : args) {
            Class.forName(className, false, StartProbe.class.getClassLoader());
        }
        Duration cpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ofMillis(-1));
        System.out.println(AgentStartBenchmark.CPU_LINE_PREFIX + cpu.toMillis());
    }
}
