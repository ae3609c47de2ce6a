package io.bulwark.core.metrics;

import io.bulwark.core.AgentLog;
import io.bulwark.core.ApplicationClassNames;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Brings the application's own Micrometer meters (its global registry, whatever Micrometer version it has) onto the
 * agent's /metrics. When the application's {@code Metrics} class initialises, a SimpleMeterRegistry of the
 * application's own Micrometer is added to its global registry, so the application's meters record for real; at each
 * scrape, meters not yet seen are mirrored into the agent's registry as function meters that read them. All access to
 * the application's Micrometer is reflective through its public interfaces: the two versions never link.
 */
public final class ApplicationMeters implements Consumer<Class<?>> {

    private static final String CORE = ApplicationClassNames.MICROMETER + ".core.instrument.";

    private final MeterRegistry agentRegistry;
    private final List<ApplicationRegistry> applicationRegistries = new CopyOnWriteArrayList<>();
    private final Set<Object> mirrored = Collections.newSetFromMap(new IdentityHashMap<>());

    public ApplicationMeters(MeterRegistry agentRegistry) {
        this.agentRegistry = agentRegistry;
    }

    /** Called with the application's io.micrometer.core.instrument.Metrics class once it is initialised. */
    @Override
    public void accept(Class<?> metricsClass) {
        try {
            applicationRegistries.add(ApplicationRegistry.attach(metricsClass));
        } catch (ReflectiveOperationException | LinkageError error) {
            AgentLog.warn("cannot attach to the application's Micrometer global registry (" + error
                + "); its meters will not appear on /metrics");
        }
    }

    /** Mirrors meters created since the last call; runs on the scrape thread. */
    public synchronized void refresh() {
        for (ApplicationRegistry registry : applicationRegistries) {
            for (Object meter : registry.meters()) {
                if (mirrored.add(meter)) {
                    mirror(registry, meter);
                }
            }
        }
    }

    private void mirror(ApplicationRegistry app, Object meter) {
        try {
            Object id = app.meterGetId.invoke(meter);
            String name = (String) app.idGetName.invoke(id);
            String description = (String) app.idGetDescription.invoke(id);
            String baseUnit = (String) app.idGetBaseUnit.invoke(id);
            List<Tag> tags = new ArrayList<>();
            for (Object tag : (Iterable<?>) app.idGetTags.invoke(id)) {
                tags.add(Tag.of((String) app.tagGetKey.invoke(tag), (String) app.tagGetValue.invoke(tag)));
            }
            String type = app.idGetType.invoke(id).toString();
            switch (type) {
                case "COUNTER" -> FunctionCounter.builder(name, meter, m -> app.statistic(m, "COUNT"))
                    .tags(tags).description(description).baseUnit(baseUnit).register(agentRegistry);
                case "GAUGE" -> Gauge.builder(name, meter, m -> app.statistic(m, "VALUE"))
                    .tags(tags).description(description).baseUnit(baseUnit).strongReference(true).register(agentRegistry);
                case "TIMER" -> FunctionTimer.builder(name, meter, m -> (long) app.statistic(m, "COUNT"),
                        m -> app.statistic(m, "TOTAL_TIME"), TimeUnit.SECONDS)
                    .tags(tags).description(description).register(agentRegistry);
                default -> mirrorEachStatistic(app, meter, name, Tags.of(tags), description);
            }
        } catch (ReflectiveOperationException | RuntimeException error) {
            AgentLog.warn("cannot expose an application meter on /metrics: " + error);
        }
    }

    /** Distribution summaries, long task timers and custom meters: one gauge per statistic, e.g. name_max. */
    private void mirrorEachStatistic(ApplicationRegistry app, Object meter, String name, Tags tags, String description)
        throws ReflectiveOperationException {
        for (Object measurement : (Iterable<?>) app.meterMeasure.invoke(meter)) {
            String statistic = app.measurementGetStatistic.invoke(measurement).toString();
            Gauge.builder(name + "." + statistic.toLowerCase(java.util.Locale.ROOT), meter, m -> app.statistic(m, statistic))
                .tags(tags).description(description).strongReference(true).register(agentRegistry);
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
            Class<?> registryClass = Class.forName(CORE + "MeterRegistry", false, loader);
            Class<?> meterClass = Class.forName(CORE + "Meter", false, loader);
            Class<?> idClass = Class.forName(CORE + "Meter$Id", false, loader);
            Class<?> tagClass = Class.forName(CORE + "Tag", false, loader);
            Class<?> measurementClass = Class.forName(CORE + "Measurement", false, loader);
            getMeters = registryClass.getMethod("getMeters");
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

        /** The value of one statistic of an application meter, NaN when it has none. */
        double statistic(Object meter, String statistic) {
            try {
                for (Object measurement : (Iterable<?>) meterMeasure.invoke(meter)) {
                    if (statistic.equals(measurementGetStatistic.invoke(measurement).toString())) {
                        return (double) measurementGetValue.invoke(measurement);
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException error) {
                return Double.NaN;
            }
            return Double.NaN;
        }
    }
}
