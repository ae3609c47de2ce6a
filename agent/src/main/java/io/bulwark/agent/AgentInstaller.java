package io.bulwark.agent;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.core.AgentErrors;
import io.bulwark.core.AgentLog;
import io.bulwark.core.Clock;
import io.bulwark.core.accesslog.AccessLog;
import io.bulwark.core.accesslog.AccessLogStage;
import io.bulwark.core.breaker.CircuitBreakers;
import io.bulwark.core.config.AccessLogConfig;
import io.bulwark.core.config.BulwarkConfig;
import io.bulwark.core.config.ConfigException;
import io.bulwark.core.config.ConfigLoader;
import io.bulwark.core.config.LoadedConfig;
import io.bulwark.core.config.TimeoutConfig;
import io.bulwark.core.config.TimeoutRoute;
import io.bulwark.core.cors.CorsStage;
import io.bulwark.core.endpoint.AgentEndpoint;
import io.bulwark.core.health.HealthReport;
import io.bulwark.core.http.HttpMetricsStage;
import io.bulwark.core.http.InboundPipeline;
import io.bulwark.core.http.InboundStage;
import io.bulwark.core.http.ProcessTimeStage;
import io.bulwark.core.http.RequestIdStage;
import io.bulwark.core.http.RequestIds;
import io.bulwark.core.http.RouteRules;
import io.bulwark.core.http.RouteTemplates;
import io.bulwark.core.identity.UserIdentity;
import io.bulwark.core.metrics.ApplicationMeters;
import io.bulwark.core.metrics.Telemetry;
import io.bulwark.core.ratelimit.RateLimitStage;
import io.bulwark.core.ratelimit.RateLimiter;
import io.bulwark.core.timeout.TimeoutStage;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** Reads the configuration, builds the engine, opens the agent's port, instruments, and prints the banner. */
public final class AgentInstaller {

    private AgentInstaller() {
    }

    public static void install(String arguments, Instrumentation instrumentation) throws ReflectiveOperationException {
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
        Telemetry telemetry = new Telemetry(config.metrics().enabled() && config.metrics().jvm(), errors, version);
        ActivePolicies policies = new ActivePolicies();
        policies.active("request_id");

        RouteTemplates routes = new RouteTemplates(config.routes());
        UserIdentity identity = UserIdentity.from(config.identity(), System::getenv,
            () -> System.currentTimeMillis() / 1000);
        List<InboundStage> stages = new ArrayList<>();
        stages.add(new ProcessTimeStage());
        AccessLogConfig accessLog = config.accessLog();
        if (accessLog.enabled()) {
            Path file = accessLog.output() == AccessLogConfig.Output.FILE ? accessLog.file() : null;
            stages.add(new AccessLogStage(AccessLog.start(accessLog.queueCapacity(), file, telemetry.registry()),
                identity));
            policies.active("access_log(" + (file == null ? "stdout" : file) + ")");
        } else {
            policies.off("access_log");
        }
        ApplicationMeters applicationMeters = null;
        if (config.metrics().enabled()) {
            stages.add(new HttpMetricsStage(telemetry.registry(), config.metrics().durationBuckets()));
            policies.active("metrics");
            if (config.metrics().applicationMeters()) {
                applicationMeters = new ApplicationMeters();
            }
        } else {
            policies.off("metrics");
        }
        if (config.timeouts().enabled()) {
            stages.add(new TimeoutStage(timeoutBudgets(config.timeouts()), routes, telemetry.registry()));
            policies.active("timeouts");
        } else {
            policies.off("timeouts");
        }
        if (config.rateLimit().enabled()) {
            stages.add(new RateLimitStage(new RateLimiter(config.rateLimit(), identity, Clock.SYSTEM,
                telemetry.registry())));
            policies.active("rate_limit");
        } else {
            policies.off("rate_limit");
        }
        policies.notEnforcedYet("circuit_breakers", config.circuitBreakers().enabled());
        if (config.cors().enabled()) {
            stages.add(new CorsStage(config.cors()));
            policies.active("cors");
        } else {
            policies.off("cors");
        }

        InboundPipeline pipeline = new InboundPipeline(
            new RequestIdStage(config.requestId().header(),
                new RequestIds(config.requestId().maxLength(), config.requestId().allowedCharacters())),
            stages, routes, config.requestId().mdcKey(), errors);
        Bulwark.install(pipeline, errors, applicationMeters == null ? type -> { } : applicationMeters);
        CircuitBreakers breakers = null;
        if (config.circuitBreakers().enabled()) {
            // without metrics the meters go to an empty composite registry, which records nothing
            breakers = new CircuitBreakers(config.circuitBreakers(),
                config.metrics().enabled() ? telemetry.registry() : new CompositeMeterRegistry(),
                config.metrics().durationBuckets(), Clock.SYSTEM);
            Bulwark.installDownstream(breakers);
        }

        String endpoint = "disabled";
        if (config.endpoint().enabled()) {
            HealthReport health = breakers != null
                ? new HealthReport(breakers, new HashSet<>(config.health().criticalServices()))
                : new HealthReport(List.copyOf(config.circuitBreakers().services().keySet()),
                    new HashSet<>(config.health().criticalServices()));
            AgentEndpoint server = AgentEndpoint.start(config.endpoint().host(), config.endpoint().port(), telemetry,
                applicationMeters, health);
            endpoint = server == null ? "unavailable" : "http://" + config.endpoint().host() + ":" + server.port();
            if (server != null) {
                policies.active("health");
            }
        }

        Instrumentations.install(instrumentation, Instrumentations.all(applicationMeters != null));
        AgentLog.info("Bulwark " + version + " started: config=" + loaded.source() + ", endpoint=" + endpoint
            + ", " + policies);
    }

    private static TimeoutStage.Budgets timeoutBudgets(TimeoutConfig timeouts) {
        RouteRules.Builder<Duration> rules = RouteRules.builder();
        for (TimeoutRoute route : timeouts.routes()) {
            rules.route(route.path(), route.methods(), route.timeout());
        }
        return rules.fallback(timeouts.defaultTimeout())::match;
    }

    private static String version() {
        String version = AgentInstaller.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** What the banner says about each policy: enforced, parsed but not enforced by this version, or off. */
    private static final class ActivePolicies {
        private final List<String> active = new ArrayList<>();
        private final List<String> notEnforced = new ArrayList<>();
        private final List<String> off = new ArrayList<>();

        void active(String policy) {
            active.add(policy);
        }

        void off(String policy) {
            off.add(policy);
        }

        void notEnforcedYet(String policy, boolean enabled) {
            (enabled ? notEnforced : off).add(policy);
        }

        @Override
        public String toString() {
            return "active=" + active + ", configured but not enforced by this version=" + notEnforced + ", off=" + off;
        }
    }
}
