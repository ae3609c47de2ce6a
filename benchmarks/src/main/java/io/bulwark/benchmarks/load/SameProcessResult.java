package io.bulwark.benchmarks.load;

/**
 * One server process of a --same-process run: its first measurement without an agent, and its second, with the
 * configuration's Bulwark attached at run time (for A, still without: the control). In {@code after}, the start-up
 * figures are those of the attach: from launching the attach command to the first response with a request ID.
 */
record SameProcessResult(RunResult before, RunResult after) {

    /** process: the process's configuration; config: what ran in that phase (A before any attach). */
    static final String CSV_HEADER = "process,phase," + RunResult.CSV_HEADER;

    Variant variant() {
        return after.variant();
    }

    int round() {
        return after.round();
    }

    Workload workload() {
        return after.workload();
    }

    /** Two lines, before and after. */
    String csv() {
        return variant() + ",before," + before.csv() + "\n" + variant() + ",after," + after.csv();
    }
}
