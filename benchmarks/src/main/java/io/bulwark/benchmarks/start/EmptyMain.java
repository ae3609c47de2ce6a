package io.bulwark.benchmarks.start;

import java.time.Duration;

/**
 * The application of {@link AgentStartBenchmark}: does nothing but say how much CPU its process has used, so that
 * everything it used is the JVM's start and, when one is attached, the agent's. ProcessHandle reads the figure from
 * the operating system (all threads, the JIT compiler's included) and is in java.base: the probe loads nothing the
 * agent might have loaded for it.
 */
public final class EmptyMain {

    private EmptyMain() {
    }

    public static void main(String[] args) {
        Duration cpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ofMillis(-1));
        System.out.println(AgentStartBenchmark.CPU_LINE_PREFIX + cpu.toMillis());
    }
}
