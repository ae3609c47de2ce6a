package io.bulwark.benchmarks.load;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * What the harness reads from the server JVM from outside: CPU time and RSS from /proc, classes from jstat, live
 * heap from jcmd after a full GC, and allocated bytes through the JVM's own ThreadMXBean.
 */
final class JvmProbe implements AutoCloseable {

    private static final Pattern TOTAL_USED_KB = Pattern.compile("total \\d+K, used (\\d+)K");
    private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    /** Clock ticks per second of utime/stime in /proc/<pid>/stat (USER_HZ, 100 on Linux). */
    static final long TICKS_PER_SECOND = clockTicks();

    private final long pid;
    private final Path jdkBin;
    private JMXConnector jmx;

    JvmProbe(long pid, Path jdkHome) {
        this.pid = pid;
        this.jdkBin = jdkHome.resolve("bin");
    }

    /** User plus system CPU time of the whole process (every thread), in nanoseconds. */
    long cpuNanos() throws IOException {
        long ticks = cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        return ticks * 1_000_000_000L / TICKS_PER_SECOND;
    }

    /** CPU time so far, in milliseconds: the whole process, and its JIT compiler threads alone. */
    record CpuSplit(long totalMillis, long compilerMillis) {
    }

    /** Reads every thread's CPU time: at the first 200 it shows how much of the start-up was JIT compilation. */
    CpuSplit cpuByThread() throws IOException {
        long total = 0;
        long compiler = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException threadEnded) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                long ticks = cpuTicks(stat);
                total += ticks;
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    compiler += ticks;
                }
            }
        }
        return new CpuSplit(total * 1000 / TICKS_PER_SECOND, compiler * 1000 / TICKS_PER_SECOND);
    }

    /** utime + stime (fields 14 and 15) of a /proc stat line, in clock ticks. */
    private static long cpuTicks(String stat) {
        // the command name (field 2) may contain spaces: count fields after its closing parenthesis
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    long rssKilobytes() throws IOException {
        Matcher matcher = VM_RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        if (!matcher.find()) {
            throw new IOException("no VmRSS for process " + pid);
        }
        return Long.parseLong(matcher.group(1));
    }

    /** Classes loaded so far (jstat reads the JVM's performance counters; it does not attach). */
    long classesLoaded() throws IOException, InterruptedException {
        List<String> lines = run("jstat", "-class", Long.toString(pid));
        return Long.parseLong(lines.get(1).trim().split("\\s+")[0]);
    }

    /** Heap in use right after a full collection: what the application (and agent) really keep. */
    long liveHeapKilobytes() throws IOException, InterruptedException {
        run("jcmd", Long.toString(pid), "GC.run");
        long used = 0;
        // "DefNew total 157248K, used 33570K" and "Tenured total ..." (serial), "garbage-first heap total ..." (G1);
        // the eden/survivor lines and Metaspace have no "total ... used" of their own
        for (String line : run("jcmd", Long.toString(pid), "GC.heap_info")) {
            Matcher matcher = TOTAL_USED_KB.matcher(line);
            if (matcher.find()) {
                used += Long.parseLong(matcher.group(1));
            }
        }
        return used;
    }

    /**
     * Bytes allocated on the heap by all threads since the JVM started, dead threads included. Starts the JVM's
     * local management agent on first use (its classes are loaded only now, after every other figure is taken).
     */
    long totalAllocatedBytes() throws IOException {
        if (jmx == null) {
            String address;
            try {
                VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
                try {
                    address = vm.startLocalManagementAgent();
                } finally {
                    vm.detach();
                }
            } catch (com.sun.tools.attach.AttachNotSupportedException e) {
                throw new IOException("cannot attach to " + pid, e);
            }
            jmx = JMXConnectorFactory.connect(new JMXServiceURL(address));
        }
        long total;
        try {
            // ThreadMXBean.getTotalThreadAllocatedBytes (JDK 21+), read by name: this module compiles for Java 17
            total = (Long) jmx.getMBeanServerConnection().getAttribute(
                new ObjectName(ManagementFactory.THREAD_MXBEAN_NAME), "TotalThreadAllocatedBytes");
        } catch (JMException e) {
            throw new IOException("the server JVM does not report total allocated bytes (needs Java 21+)", e);
        }
        if (total < 0) {
            throw new IOException("thread allocation accounting is off in process " + pid);
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        if (jmx != null) {
            jmx.close();
        }
    }

    private List<String> run(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(jdkBin.resolve(tool).toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8).lines().toList();
    }

    private static long clockTicks() {
        try {
            Process process = new ProcessBuilder("getconf", "CLK_TCK").start();
            String value = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            process.waitFor();
            return Long.parseLong(value);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
