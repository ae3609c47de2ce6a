package io.bulwark.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the numbers were measured on, for the results file; the load average says how quiet the machine was. */
record Machine(String cpu, int cores, long memoryMegabytes, String kernel, String jdk, String wrk,
               String serverCpus, String loadCpus, String loadAverageAtStart, String loadAverageAtEnd) {

    static Machine describe(Settings settings) {
        return new Machine(cpuModel(), onlineCpus(),
            totalMemoryMegabytes(), output("uname", "-sr"),
            System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
            output("sh", "-c", "wrk --version 2>&1 | head -1"), settings.serverCpus(), settings.loadCpus(),
            loadAverage(), null);
    }

    /** A 1-minute load average above 0.5 before anything started: something else is running. */
    boolean busy() {
        try {
            return Double.parseDouble(loadAverageAtStart.split(" ")[0]) > 0.5;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    Machine withEndLoad() {
        return new Machine(cpu, cores, memoryMegabytes, kernel, jdk, wrk, serverCpus, loadCpus, loadAverageAtStart,
            loadAverage());
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Every online CPU of the machine (this JVM itself is pinned to the load generator's). */
    private static int onlineCpus() {
        String online = output("getconf", "_NPROCESSORS_ONLN");
        try {
            return Integer.parseInt(online.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long totalMemoryMegabytes() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).findFirst().orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String output(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.waitFor();
            return text;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
