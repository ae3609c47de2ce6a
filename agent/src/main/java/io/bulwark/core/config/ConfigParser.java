package io.bulwark.core.config;

import java.io.StringReader;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/** The YAML schema: reads the node tree of one config file into a {@link BulwarkConfig}, defaults for absent keys. */
final class ConfigParser {
    private static final List<String> ROOT_KEYS = List.of("enabled", "endpoint", "routes", "request_id",
            "access_log", "metrics", "identity", "rate_limit", "timeouts", "circuit_breakers", "cors", "health");
    private static final List<String> ENDPOINT_KEYS = List.of("enabled", "host", "port");
    private static final List<String> REQUEST_ID_KEYS =
            List.of("header", "max_length", "allowed_characters", "mdc_key", "sql_comment");
    private static final List<String> ACCESS_LOG_KEYS = List.of("enabled", "output", "file", "queue_capacity");
    private static final List<String> METRICS_KEYS =
            List.of("enabled", "jvm", "application_meters", "duration_buckets");
    private static final List<String> IDENTITY_KEYS = List.of("user_header", "jwt");
    private static final List<String> JWT_KEYS = List.of("header", "claim", "hmac_secret_env", "public_key_file");
    private static final List<String> RATE_LIMIT_KEYS = List.of("enabled", "default_limit", "window", "burst",
            "key", "trusted_proxies", "allowlist", "max_keys", "idle_expiry", "routes", "backend", "redis");
    private static final List<String> RATE_LIMIT_REDIS_KEYS =
            List.of("url", "key_prefix", "timeout", "on_failure", "breaker", "batch", "pool_size");
    private static final List<String> RATE_LIMIT_REDIS_BREAKER_KEYS = List.of("failure_threshold", "open_timeout");
    private static final List<String> RATE_LIMIT_REDIS_BATCH_KEYS = List.of("size", "max_age");
    private static final List<String> RATE_LIMIT_ROUTE_KEYS =
            List.of("path", "methods", "limit", "window", "burst", "shadow");
    private static final List<String> TIMEOUT_KEYS = List.of("enabled", "default", "routes");
    private static final List<String> TIMEOUT_ROUTE_KEYS = List.of("path", "methods", "timeout");
    private static final List<String> CIRCUIT_BREAKER_KEYS = List.of("enabled", "failure_threshold",
            "open_timeout", "half_open_successes", "half_open_max_probes", "call_timeout", "failure_rate_threshold",
            "slow_call_rate_threshold", "slow_call_duration", "sliding_window_size", "minimum_calls", "services",
            "ignore_exceptions", "record_exceptions", "ignore_sql_states", "ignore_redis_errors");
    private static final Pattern CLASS_NAME =
            Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)+");
    private static final List<String> SERVICE_KEYS = List.of("failure_threshold", "open_timeout",
            "half_open_successes", "call_timeout", "library", "match", "ignore_exceptions", "record_exceptions",
            "ignore_sql_states", "ignore_redis_errors");
    private static final Pattern SQL_STATE_PREFIX = Pattern.compile("[0-9A-Z]{1,5}");
    private static final Pattern MATCH_TARGET = Pattern.compile("[^\\s,]+");
    private static final List<String> CORS_KEYS = List.of("enabled", "allowed_origins", "allowed_methods",
            "allowed_headers", "exposed_headers", "allow_credentials", "max_age");
    private static final List<String> HEALTH_KEYS = List.of("critical_services");

    private static final Pattern HOST = Pattern.compile("[^\\s/]+");
    private static final Pattern MDC_KEY = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern ORIGIN = Pattern.compile(
            "\\*|(?i)https?://([a-z0-9.-]+|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?");
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9_]+");

    private ConfigParser() {
    }

    static BulwarkConfig parse(String yaml, String source) throws ConfigException {
        Node root = compose(yaml, source);
        if (root == null) { // an empty file, or only comments
            root = new ScalarNode(Tag.NULL, "", null, null, DumperOptions.ScalarStyle.PLAIN);
        }
        return root(new ConfigValue(source, root, "").section(ROOT_KEYS));
    }

    private static Node compose(String yaml, String source) throws ConfigException {
        try {
            // the node graph only: a whole Yaml object would also build its object constructor and representer
            LoaderOptions options = new LoaderOptions();
            ParserImpl parser = new ParserImpl(new StreamReader(new StringReader(yaml)), options);
            return new Composer(parser, new Resolver(), options).getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String context = e.getContext() != null ? e.getContext() + ": " : "";
            String detail = ("invalid YAML: " + context + e.getProblem()).replaceAll("\\s+", " ");
            throw ConfigException.inFile(source, mark == null ? 0 : mark.getLine() + 1, "", detail);
        } catch (YAMLException e) { // limits such as too many aliases, which have no position
            throw ConfigException.inFile(source, 0, "", ("invalid YAML: " + e.getMessage()).replaceAll("\\s+", " "));
        }
    }

    // Each section's parser takes null for an absent section and gives that section's defaults.
    private static BulwarkConfig root(ConfigSection s) throws ConfigException {
        BulwarkConfig d = BulwarkConfig.defaults();
        // Read in the order of the schema so that the first error reported is the first one in a typical file.
        boolean enabled = s.bool("enabled", d.enabled());
        EndpointConfig endpoint = endpoint(s.section("endpoint", ENDPOINT_KEYS));
        ConfigValue routeList = s.value("routes");
        List<String> routes = routeList == null ? d.routes() : routeTemplates(routeList);
        RequestIdConfig requestId = requestId(s.section("request_id", REQUEST_ID_KEYS));
        AccessLogConfig accessLog = accessLog(s.section("access_log", ACCESS_LOG_KEYS));
        MetricsConfig metrics = metrics(s.section("metrics", METRICS_KEYS));
        IdentityConfig identity = identity(s.section("identity", IDENTITY_KEYS));
        RateLimitConfig rateLimit = rateLimit(s.section("rate_limit", RATE_LIMIT_KEYS));
        TimeoutConfig timeouts = timeouts(s.section("timeouts", TIMEOUT_KEYS));
        CircuitBreakerConfig circuitBreakers = circuitBreakers(s.section("circuit_breakers", CIRCUIT_BREAKER_KEYS));
        CorsConfig cors = cors(s.section("cors", CORS_KEYS));
        HealthConfig health = health(s, circuitBreakers.services().keySet());
        return new BulwarkConfig(enabled, endpoint, routes, requestId, accessLog, metrics, identity, rateLimit,
                timeouts, circuitBreakers, cors, health);
    }

    private static EndpointConfig endpoint(ConfigSection s) throws ConfigException {
        EndpointConfig d = EndpointConfig.defaults();
        if (s == null) {
            return d;
        }
        return new EndpointConfig(
                s.bool("enabled", d.enabled()),
                s.string("host", d.host(), HOST, "a host name or IP address"),
                s.port("port", d.port()));
    }

    private static List<String> routeTemplates(ConfigValue list) throws ConfigException {
        List<String> routes = new ArrayList<>();
        for (ConfigValue element : list.elements()) {
            String route = routePath(element);
            if (routes.contains(route)) {
                throw element.error("duplicate route " + element.describe());
            }
            routes.add(route);
        }
        return routes;
    }

    private static RequestIdConfig requestId(ConfigSection s) throws ConfigException {
        RequestIdConfig d = RequestIdConfig.defaults();
        if (s == null) {
            return d;
        }
        ConfigValue allowedCharacters = s.value("allowed_characters");
        return new RequestIdConfig(
                s.headerName("header", d.header()),
                s.positiveInt("max_length", d.maxLength()),
                allowedCharacters == null ? d.allowedCharacters() : characterClass(allowedCharacters),
                s.string("mdc_key", d.mdcKey(), MDC_KEY, "a name of letters, digits, '_', '.', '-'"),
                s.bool("sql_comment", d.sqlComment()));
    }

    private static CharacterClass characterClass(ConfigValue value) throws ConfigException {
        try {
            return CharacterClass.parse(value.string());
        } catch (IllegalArgumentException e) {
            throw value.error(e.getMessage());
        }
    }

    private static AccessLogConfig accessLog(ConfigSection s) throws ConfigException {
        AccessLogConfig d = AccessLogConfig.defaults();
        if (s == null) {
            return d;
        }
        ConfigValue file = s.value("file");
        return new AccessLogConfig(
                s.bool("enabled", d.enabled()),
                s.oneOf("output", d.output()),
                file == null ? d.file() : path(file),
                s.positiveInt("queue_capacity", d.queueCapacity()));
    }

    private static MetricsConfig metrics(ConfigSection s) throws ConfigException {
        MetricsConfig d = MetricsConfig.defaults();
        if (s == null) {
            return d;
        }
        boolean enabled = s.bool("enabled", d.enabled());
        boolean jvm = s.bool("jvm", d.jvm());
        boolean applicationMeters = s.bool("application_meters", d.applicationMeters());
        ConfigValue buckets = s.value("duration_buckets");
        return new MetricsConfig(enabled, jvm, applicationMeters,
                buckets == null ? d.durationBuckets() : buckets(buckets));
    }

    private static List<Double> buckets(ConfigValue list) throws ConfigException {
        List<Double> buckets = new ArrayList<>();
        for (ConfigValue element : list.elements()) {
            double bucket = element.positiveNumber();
            if (!buckets.isEmpty() && bucket <= buckets.get(buckets.size() - 1)) {
                throw element.error("buckets must be strictly ascending, got " + element.describe()
                        + " after " + buckets.get(buckets.size() - 1));
            }
            buckets.add(bucket);
        }
        if (buckets.isEmpty()) {
            throw list.error("must list at least one bucket");
        }
        return buckets;
    }

    private static IdentityConfig identity(ConfigSection s) throws ConfigException {
        IdentityConfig d = IdentityConfig.defaults();
        if (s == null) {
            return d;
        }
        ConfigValue userHeader = s.valueOrNull("user_header");
        ConfigValue jwt = s.valueOrNull("jwt");
        return new IdentityConfig(
                userHeader == null ? null : userHeader.headerName(),
                jwt == null ? null : jwt(jwt.section(JWT_KEYS)));
    }

    private static JwtConfig jwt(ConfigSection s) throws ConfigException {
        ConfigValue hmacSecretEnvValue = s.valueOrNull("hmac_secret_env");
        String hmacSecretEnv = hmacSecretEnvValue == null ? null
                : hmacSecretEnvValue.string(ENV_NAME, "an environment variable name");
        ConfigValue publicKeyFileValue = s.valueOrNull("public_key_file");
        Path publicKeyFile = publicKeyFileValue == null ? null : path(publicKeyFileValue);
        if ((hmacSecretEnv == null) == (publicKeyFile == null)) {
            throw s.error(hmacSecretEnv == null ? "hmac_secret_env" : "public_key_file",
                    "set exactly one of hmac_secret_env and public_key_file");
        }
        return new JwtConfig(
                s.headerName("header", JwtConfig.DEFAULT_HEADER),
                s.string("claim", JwtConfig.DEFAULT_CLAIM),
                hmacSecretEnv,
                publicKeyFile);
    }

    private static RateLimitConfig rateLimit(ConfigSection s) throws ConfigException {
        RateLimitConfig d = RateLimitConfig.defaults();
        if (s == null) {
            return d;
        }
        boolean enabled = s.bool("enabled", d.enabled());
        int defaultLimit = s.positiveInt("default_limit", d.defaultLimit());
        Duration window = s.positiveDuration("window", d.window());
        Integer burst = s.positiveIntOrNull("burst");
        RateLimitConfig.Key key = s.oneOf("key", d.key());
        ConfigValue trustedProxies = s.value("trusted_proxies");
        List<Cidr> proxies = trustedProxies == null ? d.trustedProxies() : cidrs(trustedProxies);
        ConfigValue allowlist = s.value("allowlist");
        List<Cidr> allowed = allowlist == null ? d.allowlist() : cidrs(allowlist);
        int maxKeys = s.positiveInt("max_keys", d.maxKeys());
        Duration idleExpiry = s.positiveDuration("idle_expiry", d.idleExpiry());
        ConfigValue routeList = s.value("routes");
        List<RateLimitRoute> routes = routeList == null ? d.routes() : rateLimitRoutes(routeList);
        RateLimitConfig.Backend backend = s.oneOf("backend", d.backend());
        ConfigSection redis = s.section("redis", RATE_LIMIT_REDIS_KEYS);
        return new RateLimitConfig(enabled, defaultLimit, window, burst, key, proxies, allowed, maxKeys, idleExpiry,
                routes, backend, redis == null ? d.redis() : rateLimitRedis(redis));
    }

    private static RedisRateLimitConfig rateLimitRedis(ConfigSection s) throws ConfigException {
        RedisRateLimitConfig d = RedisRateLimitConfig.defaults();
        ConfigSection breaker = s.section("breaker", RATE_LIMIT_REDIS_BREAKER_KEYS);
        ConfigSection batch = s.section("batch", RATE_LIMIT_REDIS_BATCH_KEYS);
        ConfigValue url = s.valueOrNull("url");
        return new RedisRateLimitConfig(
                url == null ? null : url.string(),
                s.string("key_prefix", d.keyPrefix()),
                s.positiveDuration("timeout", d.timeout()),
                s.oneOf("on_failure", d.onFailure()),
                breaker == null ? d.failureThreshold()
                        : breaker.positiveInt("failure_threshold", d.failureThreshold()),
                breaker == null ? d.openTimeout()
                        : breaker.positiveDuration("open_timeout", d.openTimeout()),
                batch == null ? d.batchSize() : batch.positiveInt("size", d.batchSize()),
                batch == null ? d.batchMaxAge() : batch.positiveDuration("max_age", d.batchMaxAge()),
                s.positiveInt("pool_size", d.poolSize()));
    }

    private static List<RateLimitRoute> rateLimitRoutes(ConfigValue list) throws ConfigException {
        List<RateLimitRoute> routes = new ArrayList<>();
        List<ConfigValue> elements = list.elements();
        for (ConfigValue element : elements) {
            ConfigSection s = element.section(RATE_LIMIT_ROUTE_KEYS);
            RateLimitRoute route = new RateLimitRoute(
                    routePath(s.required("path")),
                    methods(s.value("methods")),
                    s.required("limit").positiveInt(),
                    s.positiveDurationOrNull("window"),
                    s.positiveIntOrNull("burst"),
                    s.bool("shadow", false));
            requireDistinct(list, elements, routes, route);
            routes.add(route);
        }
        return routes;
    }

    private static TimeoutConfig timeouts(ConfigSection s) throws ConfigException {
        TimeoutConfig d = TimeoutConfig.defaults();
        if (s == null) {
            return d;
        }
        boolean enabled = s.bool("enabled", d.enabled());
        Duration defaultTimeout = s.positiveDuration("default", d.defaultTimeout());
        ConfigValue routeList = s.value("routes");
        return new TimeoutConfig(enabled, defaultTimeout, routeList == null ? d.routes() : timeoutRoutes(routeList));
    }

    private static List<TimeoutRoute> timeoutRoutes(ConfigValue list) throws ConfigException {
        List<TimeoutRoute> routes = new ArrayList<>();
        List<ConfigValue> elements = list.elements();
        for (ConfigValue element : elements) {
            ConfigSection s = element.section(TIMEOUT_ROUTE_KEYS);
            TimeoutRoute route = new TimeoutRoute(
                    routePath(s.required("path")),
                    methods(s.value("methods")),
                    s.required("timeout").positiveDuration());
            requireDistinct(list, elements, routes, route);
            routes.add(route);
        }
        return routes;
    }

    /**
     * Refuses the next route entry of {@code list} when its path is that of an earlier entry and its methods overlap
     * that entry's (an empty list being all methods): "most specific match wins" would be ambiguous.
     */
    private static void requireDistinct(ConfigValue list, List<ConfigValue> elements,
                                        List<? extends RouteEntry> earlier, RouteEntry next) throws ConfigException {
        for (int j = 0; j < earlier.size(); j++) {
            RouteEntry other = earlier.get(j);
            if (other.path().equals(next.path()) && overlap(other.methods(), next.methods())) {
                throw elements.get(earlier.size()).error("same path and methods as " + list.path() + "[" + j + "]");
            }
        }
    }

    private static boolean overlap(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() && b.isEmpty();
        }
        for (String method : a) {
            if (b.contains(method)) {
                return true;
            }
        }
        return false;
    }

    /** HTTP methods, upper-cased; absent: none listed, which means all. */
    private static Set<String> methods(ConfigValue list) throws ConfigException {
        if (list == null) {
            return Set.of();
        }
        List<String> methods = new ArrayList<>();
        for (ConfigValue element : list.elements()) {
            methods.add(element.httpMethod());
        }
        return Copies.orderedSet(methods);
    }

    private static CircuitBreakerConfig circuitBreakers(ConfigSection s) throws ConfigException {
        CircuitBreakerConfig d = CircuitBreakerConfig.defaults();
        if (s == null) {
            return d;
        }
        Double slowCallRateThreshold = s.percentOrNull("slow_call_rate_threshold");
        Duration slowCallDuration = s.positiveDurationOrNull("slow_call_duration");
        if (slowCallRateThreshold != null && slowCallDuration == null) {
            throw s.error("slow_call_duration", "required when slow_call_rate_threshold is set");
        }
        int slidingWindowSize = s.positiveInt("sliding_window_size", d.slidingWindowSize());
        int minimumCalls = s.positiveInt("minimum_calls", d.minimumCalls());
        if (minimumCalls > slidingWindowSize) {
            throw s.error("minimum_calls", "must not exceed sliding_window_size (" + slidingWindowSize + ")");
        }
        boolean enabled = s.bool("enabled", d.enabled());
        int failureThreshold = s.positiveInt("failure_threshold", d.failureThreshold());
        Duration openTimeout = s.positiveDuration("open_timeout", d.openTimeout());
        int halfOpenSuccesses = s.positiveInt("half_open_successes", d.halfOpenSuccesses());
        int halfOpenMaxProbes = s.positiveInt("half_open_max_probes", d.halfOpenMaxProbes());
        Duration callTimeout = s.positiveDuration("call_timeout", d.callTimeout());
        Double failureRateThreshold = s.percentOrNull("failure_rate_threshold");
        ConfigValue services = s.value("services");
        ConfigValue ignoreExceptions = s.value("ignore_exceptions");
        ConfigValue recordExceptions = s.value("record_exceptions");
        ConfigValue ignoreSqlStates = s.value("ignore_sql_states");
        ConfigValue ignoreRedisErrors = s.value("ignore_redis_errors");
        return new CircuitBreakerConfig(enabled, failureThreshold, openTimeout, halfOpenSuccesses, halfOpenMaxProbes,
                callTimeout, failureRateThreshold, slowCallRateThreshold, slowCallDuration, slidingWindowSize,
                minimumCalls,
                services == null ? d.services() : services(services),
                ignoreExceptions == null ? d.ignoreExceptions() : classNames(ignoreExceptions),
                recordExceptions == null ? d.recordExceptions() : classNames(recordExceptions),
                ignoreSqlStates == null ? d.ignoreSqlStates() : sqlStatePrefixes(ignoreSqlStates),
                ignoreRedisErrors == null ? d.ignoreRedisErrors() : redisErrorPrefixes(ignoreRedisErrors));
    }

    private static List<String> sqlStatePrefixes(ConfigValue list) throws ConfigException {
        return strings(list, SQL_STATE_PREFIX, "an SQLState or its first characters, such as \"23\" or \"40001\"");
    }

    private static List<String> redisErrorPrefixes(ConfigValue list) throws ConfigException {
        List<String> prefixes = new ArrayList<>();
        for (ConfigValue element : list.elements()) {
            String prefix = element.string();
            if (prefix.isBlank()) {
                throw element.error("must be the start of a Redis error reply, such as WRONGTYPE");
            }
            prefixes.add(prefix);
        }
        return List.copyOf(prefixes);
    }

    private static List<String> classNames(ConfigValue list) throws ConfigException {
        return strings(list, CLASS_NAME, "a fully qualified class name such as java.net.ConnectException");
    }

    /** A list of strings, each matching {@code pattern} (described as {@code expected} in the error message). */
    private static List<String> strings(ConfigValue list, Pattern pattern, String expected) throws ConfigException {
        List<String> strings = new ArrayList<>();
        for (ConfigValue element : list.elements()) {
            strings.add(element.string(pattern, expected));
        }
        return List.copyOf(strings);
    }

    /**
     * Each library's calls go to the service whose match covers the call's target, else to the library's default
     * service (the one without match); so a target may be claimed once, and a library has one default.
     */
    private static Map<String, ServiceOverrides> services(ConfigValue value) throws ConfigException {
        Map<String, ServiceOverrides> services = new LinkedHashMap<>();
        Map<String, String> claimedTargets = new LinkedHashMap<>();
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> entry : value.entries().entrySet()) {
            String name = entry.getKey();
            ConfigValue service = entry.getValue();
            if (!SERVICE_NAME.matcher(name).matches()) {
                throw service.error("a service name must be letters, digits, '_', '.' or '-'");
            }
            ConfigSection s = service.section(SERVICE_KEYS);
            ConfigValue libraryValue = s.valueOrNull("library");
            String library = libraryValue == null ? null : library(libraryValue);
            ConfigValue match = s.value("match");
            String effectiveLibrary = library != null ? library
                    : CircuitBreakerConfig.LIBRARIES.contains(name) ? name : null;
            List<String> targets = new ArrayList<>();
            for (ConfigValue target : match == null ? List.<ConfigValue>of() : match.elements()) {
                if (effectiveLibrary == null) {
                    throw target.error("needs 'library' (" + String.join(", ", CircuitBreakerConfig.LIBRARIES)
                            + ") on service '" + name + "', whose name is not a library's");
                }
                String text = target.string(MATCH_TARGET, "a host, host:port or URI prefix such as "
                        + "jdbc:postgresql://reports-db:5432/").toLowerCase(Locale.ROOT);
                String owner = claimedTargets.putIfAbsent(effectiveLibrary + " " + text, name);
                if (owner != null) {
                    throw target.error("'" + text + "' is already matched by service '" + owner + "'");
                }
                targets.add(text);
            }
            if (effectiveLibrary != null && targets.isEmpty()) {
                String other = defaults.putIfAbsent(effectiveLibrary, name);
                if (other != null) {
                    throw service.error("services '" + other + "' and '" + name + "' both take every " + effectiveLibrary
                            + " call; give one of them a 'match' list");
                }
            }
            Integer failureThreshold = s.positiveIntOrNull("failure_threshold");
            Duration openTimeout = s.positiveDurationOrNull("open_timeout");
            Integer halfOpenSuccesses = s.positiveIntOrNull("half_open_successes");
            Duration callTimeout = s.positiveDurationOrNull("call_timeout");
            ConfigValue ignoreExceptions = s.value("ignore_exceptions");
            ConfigValue recordExceptions = s.value("record_exceptions");
            ConfigValue ignoreSqlStates = s.valueOrNull("ignore_sql_states");
            ConfigValue ignoreRedisErrors = s.valueOrNull("ignore_redis_errors");
            services.put(name, new ServiceOverrides(failureThreshold, openTimeout, halfOpenSuccesses, callTimeout,
                    library,
                    targets,
                    ignoreExceptions == null ? List.of() : classNames(ignoreExceptions),
                    recordExceptions == null ? List.of() : classNames(recordExceptions),
                    ignoreSqlStates == null ? null : sqlStatePrefixes(ignoreSqlStates),
                    ignoreRedisErrors == null ? null : redisErrorPrefixes(ignoreRedisErrors)));
        }
        return services;
    }

    private static String library(ConfigValue value) throws ConfigException {
        String library = value.string();
        if (!CircuitBreakerConfig.LIBRARIES.contains(library)) {
            throw value.error("must be one of " + String.join(", ", CircuitBreakerConfig.LIBRARIES) + ", got "
                    + value.describe());
        }
        return library;
    }

    private static CorsConfig cors(ConfigSection s) throws ConfigException {
        CorsConfig d = CorsConfig.defaults();
        if (s == null) {
            return d;
        }
        boolean enabled = s.bool("enabled", d.enabled());
        ConfigValue originList = s.value("allowed_origins");
        List<String> origins = originList == null ? d.allowedOrigins() : origins(originList);
        boolean allowCredentials = s.bool("allow_credentials", d.allowCredentials());
        if (enabled && origins.isEmpty()) {
            throw s.error("allowed_origins", "must list at least one origin when cors is enabled");
        }
        if (allowCredentials && origins.contains("*")) {
            throw s.error("allow_credentials", "cannot be true when allowed_origins contains '*' (browsers refuse it)");
        }
        ConfigValue methods = s.value("allowed_methods");
        ConfigValue allowedHeaders = s.value("allowed_headers");
        ConfigValue exposedHeaders = s.value("exposed_headers");
        return new CorsConfig(
                enabled,
                origins,
                methods == null ? d.allowedMethods() : methods(methods),
                allowedHeaders == null ? d.allowedHeaders() : headerNames(allowedHeaders, true),
                exposedHeaders == null ? d.exposedHeaders() : headerNames(exposedHeaders, false),
                allowCredentials,
                s.nonNegativeDuration("max_age", d.maxAge()));
    }

    private static List<String> origins(ConfigValue list) throws ConfigException {
        List<String> origins = new ArrayList<>();
        for (ConfigValue element : list.elements()) {
            origins.add(element.string(ORIGIN,
                    "an origin such as https://app.example.com or http://localhost:3000, or '*'").toLowerCase(Locale.ROOT));
        }
        return List.copyOf(origins);
    }

    /** @param wildcard whether '*' (any header) may stand in the list */
    private static List<String> headerNames(ConfigValue list, boolean wildcard) throws ConfigException {
        List<String> names = new ArrayList<>();
        for (ConfigValue element : list.elements()) {
            names.add(wildcard && "*".equals(element.string()) ? "*" : element.headerName());
        }
        return List.copyOf(names);
    }

    /** health; read after circuit_breakers because critical services must be among its services. */
    private static HealthConfig health(ConfigSection root, Set<String> services) throws ConfigException {
        ConfigSection health = root.section("health", HEALTH_KEYS);
        ConfigValue critical = health == null ? null : health.value("critical_services");
        if (critical != null) {
            List<String> names = new ArrayList<>();
            for (ConfigValue element : critical.elements()) {
                names.add(serviceName(element, services));
            }
            return new HealthConfig(List.copyOf(names));
        }
        for (String name : HealthConfig.defaults().criticalServices()) {
            if (!services.contains(name)) {
                throw root.errorAbout("circuit_breakers", "health.critical_services", "the default critical service '"
                        + name + "' is not among circuit_breakers.services; add it there or set critical_services");
            }
        }
        return HealthConfig.defaults();
    }

    private static String serviceName(ConfigValue value, Set<String> services) throws ConfigException {
        String name = value.string();
        if (!services.contains(name)) {
            throw value.error("'" + name + "' is not a service of circuit_breakers.services ("
                    + String.join(", ", services) + ")");
        }
        return name;
    }

    private static List<Cidr> cidrs(ConfigValue list) throws ConfigException {
        List<Cidr> cidrs = new ArrayList<>();
        for (ConfigValue element : list.elements()) {
            try {
                cidrs.add(Cidr.parse(element.string().trim()));
            } catch (IllegalArgumentException e) {
                throw element.error("invalid CIDR " + element.describe() + ": " + e.getMessage());
            }
        }
        return List.copyOf(cidrs);
    }

    private static Path path(ConfigValue value) throws ConfigException {
        try {
            return Path.of(value.string());
        } catch (InvalidPathException e) {
            throw value.error("invalid file path: " + e.getMessage());
        }
    }

    /** A route template: starts with '/', printable ASCII without '?' or '#', {name} parameters. */
    private static String routePath(ConfigValue value) throws ConfigException {
        String path = value.string();
        if (!path.startsWith("/")) {
            throw value.error("a route path must start with '/', got " + value.describe());
        }
        int open = -1;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c > '~' || c == '?' || c == '#') {
                throw value.error("a route path must be printable ASCII without spaces, '?' or '#', got "
                        + value.describe());
            }
            if (c == '{' && open < 0) {
                open = i;
            } else if (c == '}' && open >= 0 && PARAMETER_NAME.matcher(path.substring(open + 1, i)).matches()) {
                open = -1;
            } else if (c == '{' || c == '}') {
                throw value.error("a route parameter must be {name} with letters, digits or '_', got "
                        + value.describe());
            }
        }
        if (open >= 0) {
            throw value.error("unclosed '{' in route path " + value.describe());
        }
        return path;
    }
}
