package io.bulwark.benchmarks.load;

/**
 * The figures of one server JVM under one workload in one round.
 *
 * @param cpuNanosPerRequest   the server process's user + system CPU time over the measured run, per request
 * @param cpuUtilisation       that CPU time over the run's wall time (1.0 = the whole pinned core)
 * @param otherCpuUtilisation  busy time of the server's cores not spent by the server (other processes, steal,
 *                             interrupts), over the run's wall time; should be near 0
 * @param startupMillis        from starting the JVM process to the first 200 on the workload's URL
 * @param startupCpuMillis     the server's CPU time (every thread) at that first 200
 * @param startupJitCpuMillis  of which its JIT compiler threads
 * @param warmupSeconds        how long the warm-up before the measured run lasted
 * @param warmupSettled        whether the JIT compiler had gone quiet by its end (false: --warmup-max ended it)
 * @param jitCpuShare          the JIT compiler threads' CPU time over the measured run's wall time
 * @param allocatedPerRequest  heap bytes allocated by all the server's threads over the allocation run, per request
 * @param accessLogBytes       size of the agent's access-log file after all runs on this server (0 without one)
 * @param agentStartMillis     how long Bulwark's start took by its banner (the application's start waited that long
 *                             at JVM start); -1 without Bulwark
 */
record RunResult(int round, Variant variant, Workload workload, double requestsPerSecond, long requests,
                 long p50Micros, long p99Micros, long p999Micros, double cpuNanosPerRequest, double cpuUtilisation,
                 double otherCpuUtilisation,
                 long startupMillis, long startupCpuMillis, long startupJitCpuMillis, long warmupSeconds,
                 boolean warmupSettled, double jitCpuShare, long rssKilobytes,
                 long liveHeapKilobytes, long classesLoaded,
                 double allocatedPerRequest, long socketErrors, long accessLogBytes, long agentStartMillis) {

    static final String CSV_HEADER = "round,config,workload,requests_per_s,requests,p50_us,p99_us,p999_us,"
        + "cpu_us_per_request,cpu_utilisation,other_cpu_utilisation,startup_ms,startup_cpu_ms,startup_jit_cpu_ms,"
        + "warmup_s,warmup_settled,jit_cpu_share,rss_kb,live_heap_kb,classes_loaded,alloc_bytes_per_request,"
        + "socket_errors,access_log_bytes,agent_start_ms";

    String csv() {
        return String.join(",", Integer.toString(round), variant.name(), workload.name(),
            String.format(java.util.Locale.ROOT, "%.1f", requestsPerSecond), Long.toString(requests),
            Long.toString(p50Micros), Long.toString(p99Micros), Long.toString(p999Micros),
            String.format(java.util.Locale.ROOT, "%.2f", cpuNanosPerRequest / 1000.0),
            String.format(java.util.Locale.ROOT, "%.3f", cpuUtilisation),
            String.format(java.util.Locale.ROOT, "%.3f", otherCpuUtilisation), Long.toString(startupMillis),
            Long.toString(startupCpuMillis), Long.toString(startupJitCpuMillis), Long.toString(warmupSeconds),
            Boolean.toString(warmupSettled), String.format(java.util.Locale.ROOT, "%.3f", jitCpuShare),
            Long.toString(rssKilobytes), Long.toString(liveHeapKilobytes), Long.toString(classesLoaded),
            String.format(java.util.Locale.ROOT, "%.0f", allocatedPerRequest), Long.toString(socketErrors),
            Long.toString(accessLogBytes), Long.toString(agentStartMillis));
    }
}
