package io.bulwark.core.metrics;

import io.bulwark.core.AgentErrors;
import io.micrometer.common.util.internal.logging.InternalLoggerFactory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.validate.Validated;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The agent's own meter registry (a shaded Micrometer, invisible to the application) and its Prometheus output. */
public final class Telemetry {

    private static final String OPENMETRICS = "application/openmetrics-text";
    private static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * Micrometer's defaults, without their validation: it checks the default values with streams and a dozen
     * lambdas that the JVM spins at the application's start (~25 ms of CPU on one core). The agent sets no key.
     */
    private static final PrometheusConfig DEFAULTS = new PrometheusConfig() {
        @Override
        public String get(String key) {
            return null;
        }

        @Override
        public Validated<?> validate() {
            return Validated.none();
        }
    };

    private final PrometheusMeterRegistry registry;
    private final MeterRegistry meters;
    /** Whether the JVM's meters are still to be bound; guarded by this. */
    private boolean jvmMetersPending;

    /**
     * @param enabled    false: the policies' meters go nowhere (the endpoint still shows the agent's own state)
     * @param jvmMetrics JVM memory, GC, threads, class loading... (only when enabled)
     */
    public Telemetry(boolean enabled, boolean jvmMetrics, AgentErrors errors, String version) {
        // not java.util.logging, which Micrometer would fall back to (see MicrometerLog)
        InternalLoggerFactory.setDefaultFactory(MicrometerLog.INSTANCE);
        registry = new PrometheusMeterRegistry(DEFAULTS);
        meters = enabled ? registry : new CompositeMeterRegistry(); // a composite without registries records nothing
        // Bound on the first scrape, so that their cost (the GC meters' JMX beans and listeners, ~0.1 s of CPU on
        // one core) stays out of the application's start-up. The gauges are read at scrape time anyway. The GC
        // counters and pause timer then leave out the collections before the first scrape: no rate() or increase()
        // sees those (they take differences between scrapes); only the raw totals since the JVM started do.
        jvmMetersPending = enabled && jvmMetrics;
        FunctionCounter.builder("bulwark.agent.errors", errors, AgentErrors::count)
            .description("Failures of the agent's own code, each suppressed so the application carried on")
            .register(registry);
        Gauge.builder("bulwark.agent.info", () -> 1)
            .description("The running Bulwark agent")
            .tag("version", version)
            .register(registry);
    }

    /** metrics.duration_buckets (seconds) as the bucket boundaries Micrometer's timers take. */
    public static Duration[] durations(List<Double> seconds) {
        Duration[] durations = new Duration[seconds.size()];
        for (int i = 0; i < durations.length; i++) {
            durations[i] = Duration.ofNanos((long) (seconds.get(i) * 1e9));
        }
        return durations;
    }

    /** Where the policies register their meters. */
    public MeterRegistry meters() {
        return meters;
    }

    /**
     * The agent's meters, then the application's (when given), in the exposition format the scraper asked for in
     * its Accept header.
     */
    public Scrape scrape(String accept, ApplicationMeters applicationMeters) {
        boolean openMetrics = accept != null && accept.contains(OPENMETRICS);
        String contentType = openMetrics ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE;
        bindJvmMeters();
        String agentText = registry.scrape(contentType);
        if (applicationMeters == null) {
            return new Scrape(contentType, agentText);
        }
        String eof = "# EOF\n";
        StringBuilder out = new StringBuilder(agentText.length() + 4096);
        out.append(openMetrics && agentText.endsWith(eof) ? agentText.substring(0, agentText.length() - eof.length()) : agentText);
        applicationMeters.appendTo(out, openMetrics, familyNames(agentText));
        if (openMetrics) {
            out.append(eof);
        }
        return new Scrape(contentType, out.toString());
    }

    private synchronized void bindJvmMeters() {
        if (jvmMetersPending) {
            jvmMetersPending = false;
            new JvmGcMetrics().bindTo(registry);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ClassLoaderMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            new FileDescriptorMetrics().bindTo(registry);
        }
    }

    private static Set<String> familyNames(String exposition) {
        Set<String> names = new HashSet<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                names.add(ApplicationMeters.withoutTotal(line.substring(7, line.indexOf(' ', 7))));
            }
        }
        return names;
    }

    public record Scrape(String contentType, String body) {
    }
}
