package io.bulwark.agent;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.core.AgentErrors;
import io.bulwark.core.AgentLog;
import io.bulwark.core.Clock;
import io.bulwark.core.breaker.CircuitBreakers;
import io.bulwark.core.config.BulwarkConfig;
import io.bulwark.core.config.ConfigException;
import io.bulwark.core.config.ConfigLoader;
import io.bulwark.core.config.LoadedConfig;
import io.bulwark.core.config.RateLimitConfig;
import io.bulwark.core.endpoint.AgentEndpoint;
import io.bulwark.core.health.HealthReport;
import io.bulwark.core.http.InboundPipeline;
import io.bulwark.core.http.RouteTemplates;
import io.bulwark.core.identity.UserIdentity;
import io.bulwark.core.metrics.ApplicationMeters;
import io.bulwark.core.metrics.Telemetry;
import io.bulwark.core.ratelimit.redis.RedisBuckets;

import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

/** Reads the configuration, builds the engine, opens the agent's port, instruments, and prints the banner. */
public final class AgentInstaller implements BulwarkAgent.Installer {

    /** For BulwarkAgent, which creates the one instance by name. */
    AgentInstaller() {
    }

    /**
     * @param atJvmStart true from premain: no class the agent instruments is loaded yet, none needs retransforming
     * @param began      System.nanoTime() when the agent started: the banner says how long starting took, which at
     *                   JVM start is how long the application's own start waited for the agent
     */
    @Override
    public void install(String arguments, Instrumentation instrumentation, boolean atJvmStart, long began)
        throws ReflectiveOperationException {
        String version = version();
        LoadedConfig loaded;
        try {
            loaded = ConfigLoader.load(arguments, System.getenv(), Path.of("").toAbsolutePath());
        } catch (ConfigException error) {
            AgentLog.error("Bulwark " + version + " is DISABLED by a configuration error; the application runs without"
                + " it. " + error.getMessage(), null);
            return;
        }
        BulwarkConfig config = loaded.config();
        if (!config.enabled()) {
            AgentLog.info("Bulwark " + version + " disabled by " + loaded.source() + " (enabled: false)");
            return;
        }

        AgentErrors errors = new AgentErrors();
        Telemetry telemetry = new Telemetry(config.metrics().enabled(), config.metrics().jvm(), errors, version);
        ActivePolicies policies = new ActivePolicies();
        policies.active("request_id");
        RouteTemplates routes = new RouteTemplates(config.routes());
        UserIdentity identity = UserIdentity.from(config.identity(), System::getenv,
            () -> System.currentTimeMillis() / 1000);
        RedisBuckets redisBuckets = config.rateLimit().enabled()
            && config.rateLimit().backend() == RateLimitConfig.Backend.REDIS
            ? RedisBuckets.start(config.rateLimit().redis(), config.rateLimit().maxKeys(), telemetry.meters(),
                Clock.SYSTEM)
            : null;
        InboundPipeline pipeline = InboundStages.pipeline(config, telemetry, routes, identity, redisBuckets,
            policies, errors);
        ApplicationMeters applicationMeters =
            config.metrics().enabled() && config.metrics().applicationMeters() ? new ApplicationMeters() : null;

        Bulwark.install(pipeline, errors, applicationMeters == null ? type -> { } : applicationMeters);
        CircuitBreakers breakers = null;
        if (config.circuitBreakers().enabled()) {
            policies.active("circuit_breakers");
        } else {
            policies.off("circuit_breakers");
        }
        if (config.circuitBreakers().enabled()) {
            breakers = new CircuitBreakers(config.circuitBreakers(), telemetry.meters(),
                config.metrics().durationBuckets(), Clock.SYSTEM);
            Bulwark.installDownstream(breakers);
        }

        String endpoint = "disabled";
        if (config.endpoint().enabled()) {
            HealthReport health = breakers != null
                ? new HealthReport(breakers, new HashSet<>(config.health().criticalServices()))
                : new HealthReport(List.copyOf(config.circuitBreakers().services().keySet()),
                    new HashSet<>(config.health().criticalServices()));
            health = health.withRateLimitBackend(redisBuckets);
            AgentEndpoint server = AgentEndpoint.start(config.endpoint().host(), config.endpoint().port(), telemetry,
                applicationMeters, health);
            endpoint = server == null ? "unavailable" : "http://" + config.endpoint().host() + ":" + server.port();
            if (server != null) {
                policies.active("health");
            }
        }

        Instrumentations.install(instrumentation,
            Instrumentations.all(applicationMeters != null, config.requestId().sqlComment()), atJvmStart);
        if (applicationMeters != null) {
            attachToLoadedMicrometer(instrumentation, applicationMeters);
        }
        AgentLog.info("Bulwark " + version + " started in " + (System.nanoTime() - began) / 1_000_000 + " ms: config="
            + loaded.source() + ", endpoint=" + endpoint + ", " + policies);
    }

    /**
     * When the agent is attached to a running JVM, the application's Micrometer may be initialised already, and its
     * static initialiser (where the hook waits) will not run again.
     */
    private static void attachToLoadedMicrometer(Instrumentation instrumentation, ApplicationMeters meters) {
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (type.getName().equals(ApplicationMeters.metricsClassName())) {
                try {
                    meters.accept(Class.forName(type.getName(), true, type.getClassLoader()));
                } catch (ClassNotFoundException | LinkageError error) {
                    AgentLog.warn("cannot attach to the application's Micrometer in " + type.getClassLoader() + ": " + error);
                }
            }
        }
    }

    private static String version() {
        String version = AgentInstaller.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
