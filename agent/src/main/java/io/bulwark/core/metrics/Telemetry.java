package io.bulwark.core.metrics;

import io.bulwark.core.AgentErrors;
import io.micrometer.common.util.internal.logging.InternalLoggerFactory;
import io.micrometer.common.util.internal.logging.JdkLoggerFactory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The agent's own meter registry (a shaded Micrometer, invisible to the application) and its Prometheus output. */
public final class Telemetry {

    private static final String OPENMETRICS = "application/openmetrics-text";
    private static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public Telemetry(boolean jvmMetrics, AgentErrors errors, String version) {
        // Micrometer would otherwise look for SLF4J and could initialise the application's logging from premain.
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        if (jvmMetrics) {
            new JvmMemoryMetrics().bindTo(registry);
            new JvmGcMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ClassLoaderMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            new FileDescriptorMetrics().bindTo(registry);
        }
        FunctionCounter.builder("bulwark.agent.errors", errors, AgentErrors::count)
            .description("Failures of the agent's own code, each suppressed so the application carried on")
            .register(registry);
        Gauge.builder("bulwark.agent.info", () -> 1)
            .description("The running Bulwark agent")
            .tag("version", version)
            .register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The exposition format the scraper asked for in its Accept header. */
    public Scrape scrape(String accept) {
        if (accept != null && accept.contains(OPENMETRICS)) {
            return new Scrape(OPENMETRICS_CONTENT_TYPE, registry.scrape(OPENMETRICS_CONTENT_TYPE));
        }
        return new Scrape(TEXT_CONTENT_TYPE, registry.scrape(TEXT_CONTENT_TYPE));
    }

    public record Scrape(String contentType, String body) {
    }
}
