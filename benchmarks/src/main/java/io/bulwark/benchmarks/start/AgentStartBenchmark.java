package io.bulwark.benchmarks.start;

import io.bulwark.benchmarks.Medians;
import io.bulwark.testbed.Project;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's own start, apart from any application's: a probe ({@link StartProbe}) started again and again
 * without an agent and with Bulwark (configurations B and C; E when --compare-agent or --compare-config gives
 * one), every configuration once per round in a rotated order, pinned to the server's core, with the server's heap
 * and collector. Two applications: an empty main (the agent's premain alone), and a main that loads the sample
 * service's classes the agent instruments (woven-classes.txt), so premain and the weaving of those classes. Figures
 * per start: the CPU the process used by the end of main (all threads), the wall time from launch to main's line,
 * and Bulwark's banner. Differences are taken within a round (paired), so the machine's drift falls out: this
 * resolves tens of milliseconds, where the sample service's start (5-8 s, with backends) moves by a second from one
 * start to the next. It is an upper bound on what the agent adds to an application's start: JDK machinery the
 * agent is the first to use (spinning lambda and proxy classes, the JIT compiling that) would otherwise be warmed
 * up by the application itself.
 *
 * <p>Arguments: --output DIR, --rounds N (20), --server-cpus LIST (0), --compare-agent JAR, --compare-config YAML.
 * Writes agent-start.csv (one line per start), agent-start.md, and the class-load list of one start per
 * application and configuration (agent-start-classes-*.log).
 */
public final class AgentStartBenchmark {

    static final String CPU_LINE_PREFIX = "bulwark-probe cpu_ms=";
    private static final Pattern BANNER = Pattern.compile("\\[bulwark\\] INFO Bulwark \\S+ started in (\\d+) ms");
    private static final String INSTRUMENTED = "[bulwark] INFO instrumented ";
    private static final List<String> JVM_OPTIONS = List.of("-Xms512m", "-Xmx512m", "-XX:+UseSerialGC");

    private AgentStartBenchmark() {
    }

    /** One way of starting: a name and the -javaagent option (null: no agent). */
    record Variant(String name, String description, String agentOption) {
    }

    /** What the probe does: its class path and the classes it loads. */
    record Application(String name, String title, String classPath, List<String> classes) {
    }

    record Start(String application, int round, String variant, long wallMillis, long cpuMillis, long bannerMillis) {
        String csv() {
            return application + "," + round + "," + variant + "," + wallMillis + "," + cpuMillis + "," + bannerMillis;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Project project = Project.locate();
        Path output = Path.of(options.getOrDefault("--output", "."));
        int rounds = Integer.parseInt(options.getOrDefault("--rounds", "20"));
        String cpus = options.getOrDefault("--server-cpus", "0");
        Path agent = project.agentJar();
        Path configs = project.resolve("benchmarks/config");
        List<Variant> variants = new ArrayList<>(List.of(
            new Variant("none", "no agent", null),
            new Variant("B", "Bulwark, every policy", agentOption(agent, configs.resolve("bulwark-all-policies.yaml"))),
            new Variant("C", "Bulwark, access log off",
                agentOption(agent, configs.resolve("bulwark-no-access-log.yaml")))));
        if (options.containsKey("--compare-agent") || options.containsKey("--compare-config")) {
            Path compareAgent = Path.of(options.getOrDefault("--compare-agent", agent.toString())).toAbsolutePath();
            Path compareConfig = Path.of(options.getOrDefault("--compare-config",
                configs.resolve("bulwark-no-access-log.yaml").toString())).toAbsolutePath();
            variants.add(new Variant("E", "agent " + compareAgent.getFileName() + ", config "
                + compareConfig.getFileName(), agentOption(compareAgent, compareConfig)));
        }
        String probeClasses = project.resolve("benchmarks/target/classes").toString();
        List<String> woven = wovenClasses();
        List<Application> applications = List.of(
            new Application("empty", "an empty main", probeClasses, List.of()),
            new Application("woven", "a main that loads the " + woven.size() + " classes of the sample service that "
                + "the agent instruments", probeClasses + java.io.File.pathSeparator + project.sampleServiceJar(),
                woven));

        Files.createDirectories(output);
        // One untimed start each first: it checks the configuration (a missing jar would only show as an agent that
        // did not start) and counts the classes loaded, a figure that does not move with the machine.
        Map<String, Long> classes = new LinkedHashMap<>();
        for (Application application : applications) {
            for (Variant variant : variants) {
                Path classLog = output.resolve("agent-start-classes-" + application.name() + "-" + variant.name()
                    + ".log");
                run(cpus, application, variant, 0, classLog);
                try (var lines = Files.lines(classLog)) {
                    classes.put(application.name() + variant.name(), lines.count());
                }
            }
        }

        Path csv = output.resolve("agent-start.csv");
        Files.writeString(csv, "application,round,variant,wall_ms,cpu_ms,banner_ms\n");
        List<Start> starts = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (Application application : applications) {
                for (int i = 0; i < variants.size(); i++) {
                    Variant variant = variants.get((i + round - 1) % variants.size());
                    Start start = run(cpus, application, variant, round, null);
                    starts.add(start);
                    Files.writeString(csv, start.csv() + "\n", StandardOpenOption.APPEND);
                }
            }
            System.out.printf(Locale.ROOT, "[agent-start] round %d/%d done%n", round, rounds);
        }
        StringBuilder report = new StringBuilder();
        for (Application application : applications) {
            report.append(report(application, variants, starts, classes, rounds, cpus));
        }
        Files.writeString(output.resolve("agent-start.md"), report);
        System.out.print(report);
    }

    private static List<String> wovenClasses() throws IOException {
        try (InputStream list = AgentStartBenchmark.class.getResourceAsStream("woven-classes.txt")) {
            return new String(list.readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        }
    }

    private static String agentOption(Path jar, Path config) {
        return "-javaagent:" + jar.toAbsolutePath() + "=config=" + config.toAbsolutePath();
    }

    /** @param classLog where the JVM lists every class it loads, or null (not timed then: the log costs time) */
    private static Start run(String cpus, Application application, Variant variant, int round, Path classLog)
        throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", cpus,
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JVM_OPTIONS);
        if (classLog != null) {
            command.add("-Xlog:class+load:file=" + classLog);
        }
        if (variant.agentOption() != null) {
            command.add(variant.agentOption());
        }
        command.addAll(List.of("-cp", application.classPath(), StartProbe.class.getName()));
        command.addAll(application.classes());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JWT_SECRET", "bulwark-benchmark-secret"); // as the configurations expect
        long launched = System.nanoTime();
        Process process = builder.start();
        long wall = -1;
        long cpu = -1;
        long banner = -1;
        int instrumented = 0;
        StringBuilder transcript = new StringBuilder();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                transcript.append(line).append('\n');
                Matcher started = BANNER.matcher(line);
                if (started.find()) {
                    banner = Long.parseLong(started.group(1));
                } else if (line.startsWith(INSTRUMENTED)) {
                    instrumented++;
                } else if (line.startsWith(CPU_LINE_PREFIX)) {
                    wall = (System.nanoTime() - launched) / 1_000_000;
                    cpu = Long.parseLong(line.substring(CPU_LINE_PREFIX.length()));
                }
            }
        }
        int exit = process.waitFor();
        boolean agent = variant.agentOption() != null;
        if (exit != 0 || cpu < 0 || (agent && banner < 0)
            || (agent && instrumented != application.classes().size())) {
            throw new IllegalStateException("start " + application.name() + "/" + variant.name() + " did not go as "
                + "expected (exit " + exit + "; Bulwark must print its banner and instrument every class the probe "
                + "loads, " + instrumented + " of " + application.classes().size() + "; the probe must print its "
                + "CPU):\n" + String.join(" ", command) + "\n" + transcript);
        }
        return new Start(application.name(), round, variant.name(), wall, cpu, banner);
    }

    static String report(Application application, List<Variant> variants, List<Start> allStarts,
                         Map<String, Long> classes, int rounds, String cpus) {
        List<Start> starts = allStarts.stream().filter(s -> s.application().equals(application.name())).toList();
        StringBuilder md = new StringBuilder("## Bulwark's own start, on " + application.title() + "\n\n");
        md.append(String.format(Locale.ROOT, "%d rounds, every configuration once per round (order rotated), pinned "
            + "to CPU %s, %s. CPU: the process's, all threads, by the end of main. The differences to no agent are "
            + "taken within each round; median, and the middle half of the rounds in brackets. Classes: loaded by "
            + "the JVM in one more start, to its exit (-Xlog:class+load; the lists are next to this file).%n%n",
            rounds, cpus, String.join(" ", JVM_OPTIONS)));
        md.append("| Config | | wall ms | CPU ms | Bulwark's banner ms | CPU - none | wall - none | classes |\n"
            + "|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Variant variant : variants) {
            List<Start> own = byVariant(starts, variant.name());
            boolean isNone = variant.agentOption() == null;
            md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %s | %s | %s | %d |%n", variant.name(),
                variant.description(),
                Medians.of(own.stream().map(s -> (double) s.wallMillis()).toList()),
                Medians.of(own.stream().map(s -> (double) s.cpuMillis()).toList()),
                isNone ? "" : String.format(Locale.ROOT, "%.0f",
                    Medians.of(own.stream().map(s -> (double) s.bannerMillis()).toList())),
                isNone ? "" : spread(differences(starts, variant.name(), "none", Start::cpuMillis)),
                isNone ? "" : spread(differences(starts, variant.name(), "none", Start::wallMillis)),
                classes.get(application.name() + variant.name())));
        }
        if (variants.stream().anyMatch(v -> v.name().equals("E"))) {
            md.append("\nC - E (this build against the compared agent or configuration), within each round: CPU ")
                .append(spread(differences(starts, "C", "E", Start::cpuMillis))).append(" ms, wall ")
                .append(spread(differences(starts, "C", "E", Start::wallMillis))).append(" ms.\n");
        }
        return md.append('\n').toString();
    }

    private static List<Start> byVariant(List<Start> starts, String variant) {
        return starts.stream().filter(s -> s.variant().equals(variant)).toList();
    }

    /** Per round: the figure of one configuration minus that of another. */
    private static List<Double> differences(List<Start> starts, String variant, String base,
                                            ToLongFunction<Start> figure) {
        Map<Integer, Start> baseByRound = new LinkedHashMap<>();
        byVariant(starts, base).forEach(s -> baseByRound.put(s.round(), s));
        return byVariant(starts, variant).stream()
            .map(s -> (double) (figure.applyAsLong(s) - figure.applyAsLong(baseByRound.get(s.round())))).toList();
    }

    /** "+850 (+800 to +905)": the median and the middle half. */
    private static String spread(List<Double> values) {
        List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        return String.format(Locale.ROOT, "%+.0f (%+.0f to %+.0f)", Medians.of(sorted),
            sorted.get(sorted.size() / 4), sorted.get((3 * sorted.size() - 1) / 4));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("usage: --output DIR --rounds N --server-cpus LIST "
                    + "[--compare-agent JAR] [--compare-config YAML]; got " + String.join(" ", args));
            }
            options.put(args[i], args[++i]);
        }
        return options;
    }
}
