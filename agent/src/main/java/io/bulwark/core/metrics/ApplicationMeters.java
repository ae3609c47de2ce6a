package io.bulwark.core.metrics;

import io.bulwark.core.AgentLog;
import io.bulwark.core.ApplicationClassNames;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The application's own Micrometer meters (its global registry, whatever Micrometer version it has) on the agent's
 * /metrics. When the application's {@code Metrics} class initialises, a SimpleMeterRegistry of the application's own
 * Micrometer is added to its global registry, so its meters record for real; each scrape renders them in the
 * Prometheus text format. They are rendered here rather than through the agent's Prometheus registry because that
 * one refuses names the application may legitimately use: the specification's {@code transactions_created_total}
 * would lose its {@code _created}, a suffix that Prometheus' Java client reserves. All access to the application's
 * Micrometer is reflective, through its public interfaces: the two versions never link.
 */
public final class ApplicationMeters implements Consumer<Class<?>> {

    private static final String CORE = ApplicationClassNames.MICROMETER + ".core.instrument.";

    private final List<ApplicationRegistry> registries = new CopyOnWriteArrayList<>();
    private final Set<Class<?>> attached = ConcurrentHashMap.newKeySet();

    /**
     * Called with the application's io.micrometer.core.instrument.Metrics class once it is initialised (again when
     * the agent is attached to a running JVM; each class is attached once).
     */
    @Override
    public void accept(Class<?> metricsClass) {
        if (!attached.add(metricsClass)) {
            return;
        }
        try {
            registries.add(ApplicationRegistry.attach(metricsClass));
        } catch (ReflectiveOperationException | LinkageError error) {
            AgentLog.warn("cannot attach to the application's Micrometer global registry (" + error
                + "); its meters will not appear on /metrics");
        }
    }

    /**
     * Appends the application's meters as Prometheus text (0.0.4, or OpenMetrics when {@code openMetrics}), leaving
     * out any family whose name the agent already uses.
     */
    public void appendTo(StringBuilder out, boolean openMetrics, Set<String> takenFamilies) {
        Map<String, Family> families = new LinkedHashMap<>();
        for (ApplicationRegistry registry : registries) {
            for (Object meter : registry.meters()) {
                try {
                    registry.collect(meter, families);
                } catch (ReflectiveOperationException | RuntimeException error) {
                    AgentLog.warn("cannot read an application meter for /metrics: " + error);
                }
            }
        }
        for (Family family : families.values()) {
            if (!takenFamilies.contains(withoutTotal(family.name))) {
                family.appendTo(out, openMetrics);
            }
        }
    }

    /** Family names compare without a counter's _total suffix, which OpenMetrics leaves out and 0.0.4 keeps. */
    static String withoutTotal(String name) {
        return name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
    }

    /** The class name of the application's Micrometer facade, whose initialisation the agent waits for. */
    public static String metricsClassName() {
        return CORE + "Metrics";
    }

    /** Metric names as Micrometer's Prometheus convention writes them: lower case, '.' and other symbols as '_'. */
    static String prometheusName(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (i > 0 && c >= '0' && c <= '9');
            out.append(valid ? c : '_');
        }
        return out.toString();
    }

    /** One metric family: its type, help and sample lines. */
    private static final class Family {
        final String name;
        final String type;
        final String help;
        final List<String> samples = new ArrayList<>();

        Family(String name, String type, String help) {
            this.name = name;
            this.type = type;
            this.help = help;
        }

        void appendTo(StringBuilder out, boolean openMetrics) {
            // OpenMetrics names a counter family without its _total suffix
            String familyName = openMetrics && type.equals("counter") ? withoutTotal(name) : name;
            if (help != null && !help.isEmpty()) {
                out.append("# HELP ").append(familyName).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
            }
            out.append("# TYPE ").append(familyName).append(' ').append(type).append('\n');
            for (String sample : samples) {
                out.append(sample).append('\n');
            }
        }
    }

    /** One application-side SimpleMeterRegistry and the public interface methods used to read it. */
    private static final class ApplicationRegistry {
        final Object registry;
        final Method getMeters;
        final Method meterGetId;
        final Method meterMeasure;
        final Method idGetName;
        final Method idGetDescription;
        final Method idGetBaseUnit;
        final Method idGetTags;
        final Method idGetType;
        final Method tagGetKey;
        final Method tagGetValue;
        final Method measurementGetStatistic;
        final Method measurementGetValue;

        private ApplicationRegistry(Object registry, ClassLoader loader) throws ReflectiveOperationException {
            this.registry = registry;
            Class<?> meterClass = Class.forName(CORE + "Meter", false, loader);
            Class<?> idClass = Class.forName(CORE + "Meter$Id", false, loader);
            Class<?> tagClass = Class.forName(CORE + "Tag", false, loader);
            Class<?> measurementClass = Class.forName(CORE + "Measurement", false, loader);
            getMeters = Class.forName(CORE + "MeterRegistry", false, loader).getMethod("getMeters");
            meterGetId = meterClass.getMethod("getId");
            meterMeasure = meterClass.getMethod("measure");
            idGetName = idClass.getMethod("getName");
            idGetDescription = idClass.getMethod("getDescription");
            idGetBaseUnit = idClass.getMethod("getBaseUnit");
            idGetTags = idClass.getMethod("getTags");
            idGetType = idClass.getMethod("getType");
            tagGetKey = tagClass.getMethod("getKey");
            tagGetValue = tagClass.getMethod("getValue");
            measurementGetStatistic = measurementClass.getMethod("getStatistic");
            measurementGetValue = measurementClass.getMethod("getValue");
        }

        static ApplicationRegistry attach(Class<?> metricsClass) throws ReflectiveOperationException {
            ClassLoader loader = metricsClass.getClassLoader();
            Object simpleRegistry = Class.forName(CORE + "simple.SimpleMeterRegistry", true, loader)
                .getConstructor().newInstance();
            Class<?> registryClass = Class.forName(CORE + "MeterRegistry", false, loader);
            metricsClass.getMethod("addRegistry", registryClass).invoke(null, simpleRegistry);
            return new ApplicationRegistry(simpleRegistry, loader);
        }

        List<?> meters() {
            try {
                return (List<?>) getMeters.invoke(registry);
            } catch (ReflectiveOperationException error) {
                return List.of();
            }
        }

        /** Adds the samples of one meter to its family (SimpleMeterRegistry records time in seconds). */
        void collect(Object meter, Map<String, Family> families) throws ReflectiveOperationException {
            Object id = meterGetId.invoke(meter);
            String name = prometheusName((String) idGetName.invoke(id));
            String baseUnit = (String) idGetBaseUnit.invoke(id);
            String help = (String) idGetDescription.invoke(id);
            String labels = labels(id);
            Map<String, Double> statistics = new LinkedHashMap<>();
            for (Object measurement : (Iterable<?>) meterMeasure.invoke(meter)) {
                statistics.put(measurementGetStatistic.invoke(measurement).toString(),
                    (Double) measurementGetValue.invoke(measurement));
            }
            switch (idGetType.invoke(id).toString()) {
                case "COUNTER" -> {
                    String total = withUnit(name, baseUnit) + (name.endsWith("_total") ? "" : "_total");
                    family(families, total, "counter", help).samples.add(total + labels + " " + statistics.get("COUNT"));
                }
                case "GAUGE" -> {
                    String gauge = withUnit(name, baseUnit);
                    family(families, gauge, "gauge", help).samples.add(gauge + labels + " " + statistics.get("VALUE"));
                }
                case "TIMER" -> summary(families, withUnit(name, "seconds"), help, labels, statistics, "TOTAL_TIME");
                case "DISTRIBUTION_SUMMARY" -> summary(families, withUnit(name, baseUnit), help, labels, statistics, "TOTAL");
                default -> {
                    for (Map.Entry<String, Double> statistic : statistics.entrySet()) {
                        String gauge = name + "_" + statistic.getKey().toLowerCase(Locale.ROOT);
                        family(families, gauge, "gauge", help).samples.add(gauge + labels + " " + statistic.getValue());
                    }
                }
            }
        }

        private static void summary(Map<String, Family> families, String name, String help, String labels,
                                    Map<String, Double> statistics, String totalStatistic) {
            Family summary = family(families, name, "summary", help);
            summary.samples.add(name + "_count" + labels + " " + statistics.get("COUNT"));
            summary.samples.add(name + "_sum" + labels + " " + statistics.get(totalStatistic));
            if (statistics.containsKey("MAX")) {
                family(families, name + "_max", "gauge", help).samples.add(name + "_max" + labels + " " + statistics.get("MAX"));
            }
        }

        private static Family family(Map<String, Family> families, String name, String type, String help) {
            return families.computeIfAbsent(name, n -> new Family(n, type, help));
        }

        private static String withUnit(String name, String baseUnit) {
            if (baseUnit == null || baseUnit.isEmpty()) {
                return name;
            }
            String suffix = "_" + prometheusName(baseUnit);
            return name.endsWith(suffix) ? name : name + suffix;
        }

        private String labels(Object id) throws ReflectiveOperationException {
            List<?> tags = (List<?>) idGetTags.invoke(id);
            if (tags.isEmpty()) {
                return "";
            }
            StringBuilder out = new StringBuilder("{");
            for (Object tag : tags) {
                if (out.length() > 1) {
                    out.append(',');
                }
                String value = (String) tagGetValue.invoke(tag);
                out.append(prometheusName((String) tagGetKey.invoke(tag))).append("=\"")
                    .append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
            }
            return out.append('}').toString();
        }
    }
}
