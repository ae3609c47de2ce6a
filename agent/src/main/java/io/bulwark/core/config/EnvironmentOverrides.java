package io.bulwark.core.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The specification's environment variables, applied on top of the file (or the defaults). Each overrides one
 * global value only; per-route and per-service values in the file stay as written. An empty variable is unset.
 */
final class EnvironmentOverrides {
    static final String RATE_LIMIT_ENABLED = "RATE_LIMIT_ENABLED";
    static final String RATE_LIMIT_DEFAULT = "RATE_LIMIT_DEFAULT";
    static final String RATE_LIMIT_WINDOW = "RATE_LIMIT_WINDOW";
    static final String RATE_LIMIT_BACKEND = "RATE_LIMIT_BACKEND";
    static final String RATE_LIMIT_REDIS_URL = "RATE_LIMIT_REDIS_URL";
    static final String CIRCUIT_BREAKER_FAILURE_THRESHOLD = "CIRCUIT_BREAKER_FAILURE_THRESHOLD";
    static final String CIRCUIT_BREAKER_TIMEOUT = "CIRCUIT_BREAKER_TIMEOUT";
    static final String REQUEST_TIMEOUT = "REQUEST_TIMEOUT";
    static final String EXTERNAL_SERVICE_TIMEOUT = "EXTERNAL_SERVICE_TIMEOUT";
    static final String BULWARK_AGENT_PORT = "BULWARK_AGENT_PORT";

    private EnvironmentOverrides() {
    }

    static BulwarkConfig apply(BulwarkConfig config, Map<String, String> env) throws ConfigException {
        BulwarkConfig c = config;
        if (isSet(env, RATE_LIMIT_ENABLED)) {
            c = c.withRateLimit(c.rateLimit().withEnabled(bool(env, RATE_LIMIT_ENABLED)));
        }
        if (isSet(env, RATE_LIMIT_DEFAULT)) {
            c = c.withRateLimit(c.rateLimit().withDefaultLimit(integer(env, RATE_LIMIT_DEFAULT, 1, Integer.MAX_VALUE)));
        }
        if (isSet(env, RATE_LIMIT_WINDOW)) {
            c = c.withRateLimit(c.rateLimit().withWindow(seconds(env, RATE_LIMIT_WINDOW)));
        }
        if (isSet(env, RATE_LIMIT_BACKEND)) {
            c = c.withRateLimit(c.rateLimit().withBackend(backend(env, RATE_LIMIT_BACKEND)));
        }
        if (isSet(env, RATE_LIMIT_REDIS_URL)) {
            c = c.withRateLimit(c.rateLimit().withRedis(
                    c.rateLimit().redis().withUrl(env.get(RATE_LIMIT_REDIS_URL).trim())));
        }
        if (isSet(env, CIRCUIT_BREAKER_FAILURE_THRESHOLD)) {
            c = c.withCircuitBreakers(c.circuitBreakers().withFailureThreshold(
                    integer(env, CIRCUIT_BREAKER_FAILURE_THRESHOLD, 1, Integer.MAX_VALUE)));
        }
        if (isSet(env, CIRCUIT_BREAKER_TIMEOUT)) {
            c = c.withCircuitBreakers(c.circuitBreakers().withOpenTimeout(seconds(env, CIRCUIT_BREAKER_TIMEOUT)));
        }
        if (isSet(env, REQUEST_TIMEOUT)) {
            c = c.withTimeouts(c.timeouts().withDefaultTimeout(seconds(env, REQUEST_TIMEOUT)));
        }
        if (isSet(env, EXTERNAL_SERVICE_TIMEOUT)) {
            c = c.withCircuitBreakers(c.circuitBreakers().withCallTimeout(seconds(env, EXTERNAL_SERVICE_TIMEOUT)));
        }
        if (isSet(env, BULWARK_AGENT_PORT)) {
            c = c.withEndpoint(c.endpoint().withPort(integer(env, BULWARK_AGENT_PORT, 0, 65535)));
        }
        return c;
    }

    private static boolean isSet(Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    private static boolean bool(Map<String, String> env, String name) throws ConfigException {
        String value = env.get(name).trim().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw bad(env, name, "must be true or false");
        }
        return value.equals("true");
    }

    private static RateLimitConfig.Backend backend(Map<String, String> env, String name) throws ConfigException {
        String value = env.get(name).trim().toLowerCase(Locale.ROOT);
        if (!value.equals("local") && !value.equals("redis")) {
            throw bad(env, name, "must be local or redis");
        }
        return RateLimitConfig.Backend.valueOf(value.toUpperCase(Locale.ROOT));
    }

    private static int integer(Map<String, String> env, String name, int min, int max) throws ConfigException {
        String value = env.get(name).trim();
        String expected = min == 0 ? "must be a port number 0..65535" : "must be a positive integer";
        if (!value.matches("[0-9]{1,10}") || Long.parseLong(value) < min || Long.parseLong(value) > max) {
            throw bad(env, name, expected);
        }
        return Integer.parseInt(value);
    }

    private static Duration seconds(Map<String, String> env, String name) throws ConfigException {
        BigDecimal seconds = ConfigValue.parseDecimal(env.get(name).trim());
        Duration duration = seconds == null ? null : ConfigValue.secondsToDuration(seconds);
        if (duration == null || duration.isZero() || duration.compareTo(ConfigValue.MAX_DURATION) > 0) {
            throw bad(env, name, "must be a positive number of seconds (at most 365 days)");
        }
        return duration;
    }

    private static ConfigException bad(Map<String, String> env, String name, String expected) {
        String value = env.get(name);
        String shown = value.length() > 60 ? value.substring(0, 60) + "..." : value;
        return ConfigException.inEnvironment(name, expected + ", got '" + shown + "'");
    }
}
