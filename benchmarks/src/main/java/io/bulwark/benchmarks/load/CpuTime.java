package io.bulwark.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Busy time of a set of CPUs from /proc/stat. Over a measured run, the server CPUs' busy time minus the server's own
 * CPU time is what everything else (another process, the hypervisor's steal, interrupts) took from the server's
 * core: near zero on a quiet machine, and the first thing to look at when numbers look wrong.
 */
final class CpuTime {

    private final List<String> cpuLabels = new ArrayList<>();
    private final long nanosPerTick;

    /** @param cpuList as taskset takes it: "0", "0,2", "0-1" */
    CpuTime(String cpuList, long ticksPerSecond) {
        for (String part : cpuList.split(",")) {
            String[] range = part.trim().split("-");
            int first = Integer.parseInt(range[0]);
            int last = range.length > 1 ? Integer.parseInt(range[1]) : first;
            for (int cpu = first; cpu <= last; cpu++) {
                cpuLabels.add("cpu" + cpu);
            }
        }
        this.nanosPerTick = 1_000_000_000L / ticksPerSecond;
    }

    /** user + nice + system + irq + softirq + steal of the CPUs, in nanoseconds since boot. */
    long busyNanos() throws IOException {
        long ticks = 0;
        for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
            String[] fields = line.split("\\s+");
            if (cpuLabels.contains(fields[0])) {
                // fields: label user nice system idle iowait irq softirq steal ...
                ticks += Long.parseLong(fields[1]) + Long.parseLong(fields[2]) + Long.parseLong(fields[3])
                    + Long.parseLong(fields[6]) + Long.parseLong(fields[7]) + Long.parseLong(fields[8]);
            }
        }
        return ticks * nanosPerTick;
    }
}
