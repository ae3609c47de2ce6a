package io.bulwark.agent;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.core.AgentErrors;
import io.bulwark.core.AgentLog;
import io.bulwark.core.accesslog.AccessLog;
import io.bulwark.core.accesslog.AccessLogStage;
import io.bulwark.core.config.AccessLogConfig;
import io.bulwark.core.config.BulwarkConfig;
import io.bulwark.core.config.ConfigException;
import io.bulwark.core.config.ConfigLoader;
import io.bulwark.core.config.IdentityConfig;
import io.bulwark.core.config.LoadedConfig;
import io.bulwark.core.endpoint.AgentEndpoint;
import io.bulwark.core.health.HealthReport;
import io.bulwark.core.http.HttpMetricsStage;
import io.bulwark.core.http.InboundPipeline;
import io.bulwark.core.http.InboundStage;
import io.bulwark.core.http.ProcessTimeStage;
import io.bulwark.core.http.RequestIdStage;
import io.bulwark.core.http.RequestIds;
import io.bulwark.core.http.RouteTemplates;
import io.bulwark.core.identity.HmacJwtUserResolver;
import io.bulwark.core.metrics.ApplicationMeters;
import io.bulwark.core.metrics.Telemetry;

import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;

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

        List<InboundStage> stages = new ArrayList<>();
        stages.add(new ProcessTimeStage());
        AccessLogConfig accessLog = config.accessLog();
        if (accessLog.enabled()) {
            Path file = accessLog.output() == AccessLogConfig.Output.FILE ? accessLog.file() : null;
            stages.add(new AccessLogStage(AccessLog.start(accessLog.queueCapacity(), file,
                userFromToken(config.identity(), policies), telemetry.registry()), config.identity().userHeader()));
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
        policies.notEnforcedYet("rate_limit", config.rateLimit().enabled());
        policies.notEnforcedYet("timeouts", config.timeouts().enabled());
        policies.notEnforcedYet("circuit_breakers", config.circuitBreakers().enabled());
        policies.notEnforcedYet("cors", config.cors().enabled());

        InboundPipeline pipeline = new InboundPipeline(
            new RequestIdStage(config.requestId().header(),
                new RequestIds(config.requestId().maxLength(), config.requestId().allowedCharacters())),
            stages, new RouteTemplates(config.routes()), config.requestId().mdcKey());
        Bulwark.install(pipeline, errors, applicationMeters == null ? type -> { } : applicationMeters);

        String endpoint = "disabled";
        if (config.endpoint().enabled()) {
            HealthReport health = new HealthReport(List.copyOf(config.circuitBreakers().services().keySet()),
                new HashSet<>(config.health().criticalServices()));
            AgentEndpoint server = AgentEndpoint.start(config.endpoint().host(), config.endpoint().port(), telemetry,
                applicationMeters, health);
            endpoint = server == null ? "unavailable" : "http://" + config.endpoint().host() + ":" + server.port();
            if (server != null) {
                policies.active("health");
            }
        }

        Instrumentations.install(instrumentation, applicationMeters != null);
        AgentLog.info("Bulwark " + version + " started: config=" + loaded.source() + ", endpoint=" + endpoint
            + ", " + policies);
    }

    private static Function<String, String> userFromToken(IdentityConfig identity, ActivePolicies policies) {
        if (identity.jwt() == null) {
            return null;
        }
        if (identity.jwt().hmacSecretEnv() == null) {
            policies.notEnforcedYet("identity.jwt.public_key_file", true);
            return null;
        }
        String secret = System.getenv(identity.jwt().hmacSecretEnv());
        if (secret == null || secret.isEmpty()) {
            AgentLog.warn("identity.jwt.hmac_secret_env names " + identity.jwt().hmacSecretEnv()
                + ", which is not set: user IDs are not taken from tokens");
            return null;
        }
        return new HmacJwtUserResolver(secret.getBytes(StandardCharsets.UTF_8), identity.jwt().claim(),
            () -> System.currentTimeMillis() / 1000);
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
