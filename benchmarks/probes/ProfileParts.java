import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What share of the sample service's CPU each part of Bulwark's work takes, from async-profiler's collapsed stacks
 * of a server under load (one line per stack: frames from the thread's root to the leaf, separated by ';', then the
 * sample count). A sample goes to the first part below whose frames appear on its stack below the application's
 * innermost frame, the libraries the agent calls included (so Micrometer's work for a meter counts with its policy).
 * Run it over a profile of C and one of A (which has the logback item too):
 * {@code java benchmarks/probes/ProfileParts.java C.collapsed A.collapsed} (see BENCHMARKS-HISTORY.md, twentieth
 * session, for how the profiles were taken).
 */
public class ProfileParts {

    /** The sample service's own code: what a hook calls into the application is the application's, not the agent's. */
    private static final String APPLICATION = "io/bulwark/sample/";

    /** The last part: the agent's frames no part above claimed, unless they only pass Undertow's work through. */
    private static final String REST = "hooks and pipeline, the rest";
    private static final Map<String, List<String>> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("Redis breaker (dispatch hook, outcome and its meters, sync wait)",
            List.of("LettuceCalls", "CommandOutcome"));
        PARTS.put("rate limit", List.of("RateLimitStage.onStart"));
        PARTS.put("timeout (route, deadline watch, preemption gate)",
            List.of("TimeoutStage", "DeadlineWatch", "PreemptionGate.<init>"));
        PARTS.put("metrics", List.of("HttpMetricsStage"));
        PARTS.put("CORS", List.of("CorsStage"));
        PARTS.put("request ID (read, made, response header)", List.of("RequestIdStage"));
        PARTS.put("X-Process-Time", List.of("ProcessTimeStage"));
        PARTS.put("MDC set and remove", List.of("Mdc.set", "Mdc.remove", "DirectMdc"));
        PARTS.put("logback: MDC copy into the event, %X", List.of("getMDCPropertyMap", "MDCConverter"));
        PARTS.put(REST, List.of("io/bulwark/core/", "io/bulwark/instrumentation/",
            "io/bulwark/bootstrap/", "io/bulwark/generated/"));
    }

    /** Frames under which the agent only passes Undertow's own response work through (the write, the conduits). */
    private static final List<String> PASS_THROUGH = List.of("PreemptionGate.write", "PreemptionGate.flush",
        "WrapperStreamSinkConduitFactory.create");

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: java ProfileParts.java PROFILE.collapsed...");
            System.exit(2);
        }
        for (String file : args) {
            Map<String, Long> byPart = new LinkedHashMap<>();
            PARTS.keySet().forEach(part -> byPart.put(part, 0L));
            long total = 0;
            for (String line : Files.readAllLines(Path.of(file))) {
                int space = line.lastIndexOf(' ');
                if (space < 0) {
                    continue;
                }
                long samples = Long.parseLong(line.substring(space + 1).trim());
                total += samples;
                String part = partOf(line.substring(0, space).split(";"));
                if (part != null) {
                    byPart.merge(part, samples, Long::sum);
                }
            }
            System.out.printf("%s: %,d samples%n", file, total);
            long agent = 0;
            for (Map.Entry<String, Long> entry : byPart.entrySet()) {
                agent += entry.getValue();
                System.out.printf("  %-66s %6.2f%%%n", entry.getKey(), 100.0 * entry.getValue() / total);
            }
            System.out.printf("  %-66s %6.2f%%%n", "all of it", 100.0 * agent / total);
        }
    }

    private static String partOf(String[] frames) {
        int below = 0;
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].startsWith(APPLICATION)) {
                below = i + 1;
            }
        }
        for (Map.Entry<String, List<String>> part : PARTS.entrySet()) {
            int hit = firstFrame(frames, below, part.getValue());
            if (hit < 0) {
                continue;
            }
            if (part.getKey().equals(REST) && firstFrame(frames, hit, PASS_THROUGH) >= 0) {
                return null;
            }
            return part.getKey();
        }
        return null;
    }

    private static int firstFrame(String[] frames, int from, List<String> keys) {
        for (int i = from; i < frames.length; i++) {
            for (String key : keys) {
                if (frames[i].contains(key)) {
                    return i;
                }
            }
        }
        return -1;
    }
}
