package io.bulwark.agent;

import io.bulwark.core.Clock;
import io.bulwark.core.accesslog.AccessLog;
import io.bulwark.core.accesslog.AccessLogStage;
import io.bulwark.core.config.AccessLogConfig;
import io.bulwark.core.config.BulwarkConfig;
import io.bulwark.core.config.RequestIdConfig;
import io.bulwark.core.config.TimeoutConfig;
import io.bulwark.core.config.TimeoutRoute;
import io.bulwark.core.cors.CorsStage;
import io.bulwark.core.http.HttpMetricsStage;
import io.bulwark.core.http.InboundPipeline;
import io.bulwark.core.http.InboundStage;
import io.bulwark.core.http.ProcessTimeStage;
import io.bulwark.core.http.RequestIdStage;
import io.bulwark.core.http.RequestIds;
import io.bulwark.core.http.RouteRules;
import io.bulwark.core.http.RouteTemplates;
import io.bulwark.core.identity.UserIdentity;
import io.bulwark.core.metrics.Telemetry;
import io.bulwark.core.ratelimit.RateLimitStage;
import io.bulwark.core.ratelimit.RateLimiter;
import io.bulwark.core.ratelimit.redis.RedisBuckets;
import io.bulwark.core.timeout.TimeoutStage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * The inbound pipeline as configured: the request ID first, then the stages in the specification's order: access log
 * (with X-Process-Time), metrics, timeout, rate limit, CORS. Each policy that is off is left out, and said so in the
 * banner.
 */
final class InboundStages {

    private InboundStages() {
    }

    /** @param redis the shared buckets when rate_limit.backend is redis and usable, else null (local buckets) */
    static InboundPipeline pipeline(BulwarkConfig config, Telemetry telemetry, RouteTemplates routes,
                                    UserIdentity identity, RedisBuckets redis, ActivePolicies policies,
                                    BiConsumer<String, Throwable> errors) {
        RequestIdConfig requestId = config.requestId();
        return new InboundPipeline(
            new RequestIdStage(requestId.header(), new RequestIds(requestId.maxLength(), requestId.allowedCharacters())),
            stages(config, telemetry, routes, identity, redis, policies, errors), routes, requestId.mdcKey(), errors);
    }

    private static List<InboundStage> stages(BulwarkConfig config, Telemetry telemetry, RouteTemplates routes,
                                             UserIdentity identity, RedisBuckets redis, ActivePolicies policies,
                                             BiConsumer<String, Throwable> errors) {
        List<InboundStage> stages = new ArrayList<>();
        stages.add(new ProcessTimeStage());
        AccessLogConfig accessLog = config.accessLog();
        if (accessLog.enabled()) {
            Path file = accessLog.output() == AccessLogConfig.Output.FILE ? accessLog.file() : null;
            stages.add(new AccessLogStage(AccessLog.start(accessLog.queueCapacity(), file, telemetry.meters()),
                identity));
            policies.active("access_log(" + (file == null ? "stdout" : file) + ")");
        } else {
            policies.off("access_log");
        }
        if (config.metrics().enabled()) {
            stages.add(new HttpMetricsStage(telemetry.meters(), config.metrics().durationBuckets()));
            policies.active("metrics");
        } else {
            policies.off("metrics");
        }
        if (config.timeouts().enabled()) {
            stages.add(new TimeoutStage(timeoutBudgets(config.timeouts()), routes, telemetry.meters(), errors));
            policies.active("timeouts");
        } else {
            policies.off("timeouts");
        }
        if (config.rateLimit().enabled()) {
            stages.add(new RateLimitStage(new RateLimiter(config.rateLimit(), identity, Clock.SYSTEM,
                telemetry.meters(), redis == null ? UnaryOperator.identity() : redis::over)));
            policies.active(redis == null ? "rate_limit" : "rate_limit(redis)");
        } else {
            policies.off("rate_limit");
        }
        if (config.cors().enabled()) {
            stages.add(new CorsStage(config.cors()));
            policies.active("cors");
        } else {
            policies.off("cors");
        }
        return stages;
    }

    private static TimeoutStage.Budgets timeoutBudgets(TimeoutConfig timeouts) {
        RouteRules.Builder<Duration> rules = RouteRules.builder();
        for (TimeoutRoute route : timeouts.routes()) {
            rules.route(route.path(), route.methods(), route.timeout());
        }
        return rules.fallback(timeouts.defaultTimeout())::match;
    }
}
