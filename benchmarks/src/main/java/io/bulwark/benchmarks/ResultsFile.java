package io.bulwark.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles results.md from what one run of benchmarks/run.sh wrote: the end-to-end tables (load.md), Bulwark's own
 * start on an empty main (agent-start.md) and the JMH scores (jmh.csv), under a header saying how the run was made.
 *
 * <p>Arguments: the results directory, the command line, the git commit, the minutes the run took.
 */
public final class ResultsFile {

    private ResultsFile() {
    }

    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args[0]);
        StringBuilder md = new StringBuilder("# Bulwark overhead benchmarks: results\n\n");
        md.append("Command: `").append(args[1]).append("` at commit ").append(args[2]).append(", ")
            .append(args[3]).append(" min. Raw data next to this file: load.csv (one line per server run; ")
            .append("same-process.csv with --same-process; interleaved-windows.csv unless --separate or ")
            .append("--same-process), start-up.csv (the start-up pass), agent-start.csv (one line per start), ")
            .append("jmh.csv, jmh.txt, runs/ (per server run: command line, wrk output, trimmed logs).\n\n");
        for (String name : List.of("load.md", "same-process.md", "start-up.md", "agent-start.md")) {
            Path section = directory.resolve(name);
            if (Files.exists(section)) {
                md.append(Files.readString(section));
            }
        }
        for (String name : List.of("jmh.csv", "jmh-redis-t1.csv", "jmh-redis-t4.csv")) {
            Path jmh = directory.resolve(name);
            if (Files.exists(jmh)) {
                md.append(jmhTable(name, Files.readAllLines(jmh)));
            }
        }
        Files.writeString(directory.resolve("results.md"), md.toString());
    }

    /** JMH's CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"[,"Param: x"...]. */
    static String jmhTable(String file, List<String> csv) {
        StringBuilder md = new StringBuilder("## JMH (" + file + ")\n\n");
        md.append("Mode avgt: time per operation; thrpt: operations per time; sample: latency distribution (the p0.99 row"
            + " is the 99th percentile). Error is JMH's 99.9% confidence half-interval (NaN with one sample).\n\n");
        md.append("| Benchmark | Param | Mode | Threads | Score | Error | Unit |\n|---|---|---|---:|---:|---:|---|\n");
        for (String line : csv.subList(1, csv.size())) {
            List<String> fields = fields(line);
            String name = fields.get(0).replaceFirst("^([a-z0-9_]+\\.)+", ""); // without the package
            String param = fields.size() > 7 ? String.join(" ", fields.subList(7, fields.size())) : "";
            md.append(String.format(java.util.Locale.ROOT, "| %s | %s | %s | %s | %.3f | %s | %s |%n",
                name, param, fields.get(1), fields.get(2), Double.parseDouble(fields.get(4)),
                formatError(fields.get(5)), fields.get(6)));
        }
        return md.append('\n').toString();
    }

    private static String formatError(String error) {
        try {
            double value = Double.parseDouble(error);
            return Double.isNaN(value) ? "NaN" : String.format(java.util.Locale.ROOT, "%.3f", value);
        } catch (NumberFormatException e) {
            return error;
        }
    }

    /** Splits one CSV line with quoted fields (JMH quotes text, not numbers). */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
