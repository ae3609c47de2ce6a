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
import java.util.function.Function;
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

    private static BulwarkConfig root(ConfigSection s) throws ConfigException {
        BulwarkConfig d = BulwarkConfig.defaults();
        // Read in the order of the schema so that the first error reported is the first one in a typical file.
        boolean enabled = s.bool("enabled", d.enabled());
        EndpointConfig endpoint = s.get("endpoint", d.endpoint(), v -> endpoint(v.section(ENDPOINT_KEYS)));
        List<String> routes = s.get("routes", d.routes(), ConfigParser::routeTemplates);
        RequestIdConfig requestId = s.get("request_id", d.requestId(), v -> requestId(v.section(REQUEST_ID_KEYS)));
        AccessLogConfig accessLog = s.get("access_log", d.accessLog(), v -> accessLog(v.section(ACCESS_LOG_KEYS)));
        MetricsConfig metrics = s.get("metrics", d.metrics(), v -> metrics(v.section(METRICS_KEYS)));
        IdentityConfig identity = s.get("identity", d.identity(), v -> identity(v.section(IDENTITY_KEYS)));
        RateLimitConfig rateLimit = s.get("rate_limit", d.rateLimit(), v -> rateLimit(v.section(RATE_LIMIT_KEYS)));
        TimeoutConfig timeouts = s.get("timeouts", d.timeouts(), v -> timeouts(v.section(TIMEOUT_KEYS)));
        CircuitBreakerConfig circuitBreakers = s.get("circuit_breakers", d.circuitBreakers(),
                v -> circuitBreakers(v.section(CIRCUIT_BREAKER_KEYS)));
        CorsConfig cors = s.get("cors", d.cors(), v -> cors(v.section(CORS_KEYS)));
        HealthConfig health = health(s, circuitBreakers.services().keySet());
        return new BulwarkConfig(enabled, endpoint, routes, requestId, accessLog, metrics, identity, rateLimit,
                timeouts, circuitBreakers, cors, health);
    }

    private static EndpointConfig endpoint(ConfigSection s) throws ConfigException {
        EndpointConfig d = EndpointConfig.defaults();
        return new EndpointConfig(
                s.bool("enabled", d.enabled()),
                s.get("host", d.host(), v -> v.string(HOST, "a host name or IP address")),
                s.get("port", d.port(), ConfigValue::port));
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
        return new RequestIdConfig(
                s.get("header", d.header(), ConfigValue::headerName),
                s.positiveInt("max_length", d.maxLength()),
                s.get("allowed_characters", d.allowedCharacters(), ConfigParser::characterClass),
                s.get("mdc_key", d.mdcKey(), v -> v.string(MDC_KEY, "a name of letters, digits, '_', '.', '-'")),
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
        return new AccessLogConfig(
                s.bool("enabled", d.enabled()),
                s.get("output", d.output(), v -> v.oneOf(AccessLogConfig.Output.class)),
                s.get("file", d.file(), ConfigParser::path),
                s.positiveInt("queue_capacity", d.queueCapacity()));
    }

    private static MetricsConfig metrics(ConfigSection s) throws ConfigException {
        MetricsConfig d = MetricsConfig.defaults();
        return new MetricsConfig(
                s.bool("enabled", d.enabled()),
                s.bool("jvm", d.jvm()),
                s.bool("application_meters", d.applicationMeters()),
                s.get("duration_buckets", d.durationBuckets(), ConfigParser::buckets));
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
        return new IdentityConfig(
                s.get("user_header", d.userHeader(), ConfigValue.nullOr(ConfigValue::headerName)),
                s.get("jwt", d.jwt(), ConfigValue.nullOr(v -> jwt(v.section(JWT_KEYS)))));
    }

    private static JwtConfig jwt(ConfigSection s) throws ConfigException {
        String hmacSecretEnv = s.get("hmac_secret_env", null,
                ConfigValue.nullOr(v -> v.string(ENV_NAME, "an environment variable name")));
        Path publicKeyFile = s.get("public_key_file", null, ConfigValue.nullOr(ConfigParser::path));
        if ((hmacSecretEnv == null) == (publicKeyFile == null)) {
            throw s.error(hmacSecretEnv == null ? "hmac_secret_env" : "public_key_file",
                    "set exactly one of hmac_secret_env and public_key_file");
        }
        return new JwtConfig(
                s.get("header", JwtConfig.DEFAULT_HEADER, ConfigValue::headerName),
                s.get("claim", JwtConfig.DEFAULT_CLAIM, ConfigValue::string),
                hmacSecretEnv,
                publicKeyFile);
    }

    private static RateLimitConfig rateLimit(ConfigSection s) throws ConfigException {
        RateLimitConfig d = RateLimitConfig.defaults();
        return new RateLimitConfig(
                s.bool("enabled", d.enabled()),
                s.positiveInt("default_limit", d.defaultLimit()),
                s.positiveDuration("window", d.window()),
                s.get("burst", d.burst(), ConfigValue.nullOr(ConfigValue::positiveInt)),
                s.get("key", d.key(), v -> v.oneOf(RateLimitConfig.Key.class)),
                s.get("trusted_proxies", d.trustedProxies(), v -> v.listOf(ConfigParser::cidr)),
                s.get("allowlist", d.allowlist(), v -> v.listOf(ConfigParser::cidr)),
                s.positiveInt("max_keys", d.maxKeys()),
                s.positiveDuration("idle_expiry", d.idleExpiry()),
                s.get("routes", d.routes(),
                        v -> routes(v, ConfigParser::rateLimitRoute, RateLimitRoute::path, RateLimitRoute::methods)),
                s.get("backend", d.backend(), v -> v.oneOf(RateLimitConfig.Backend.class)),
                s.get("redis", d.redis(), v -> rateLimitRedis(v.section(RATE_LIMIT_REDIS_KEYS))));
    }

    private static RedisRateLimitConfig rateLimitRedis(ConfigSection s) throws ConfigException {
        RedisRateLimitConfig d = RedisRateLimitConfig.defaults();
        ConfigSection breaker = s.get("breaker", null, v -> v.section(RATE_LIMIT_REDIS_BREAKER_KEYS));
        ConfigSection batch = s.get("batch", null, v -> v.section(RATE_LIMIT_REDIS_BATCH_KEYS));
        return new RedisRateLimitConfig(
                s.get("url", d.url(), ConfigValue.nullOr(ConfigValue::string)),
                s.get("key_prefix", d.keyPrefix(), ConfigValue::string),
                s.positiveDuration("timeout", d.timeout()),
                s.get("on_failure", d.onFailure(), v -> v.oneOf(RedisRateLimitConfig.OnFailure.class)),
                breaker == null ? d.failureThreshold()
                        : breaker.positiveInt("failure_threshold", d.failureThreshold()),
                breaker == null ? d.openTimeout()
                        : breaker.positiveDuration("open_timeout", d.openTimeout()),
                batch == null ? d.batchSize() : batch.positiveInt("size", d.batchSize()),
                batch == null ? d.batchMaxAge() : batch.positiveDuration("max_age", d.batchMaxAge()),
                s.positiveInt("pool_size", d.poolSize()));
    }

    private static RateLimitRoute rateLimitRoute(ConfigValue value) throws ConfigException {
        ConfigSection s = value.section(RATE_LIMIT_ROUTE_KEYS);
        return new RateLimitRoute(
                s.required("path", ConfigParser::routePath),
                s.get("methods", Set.of(), ConfigParser::methods),
                s.required("limit", ConfigValue::positiveInt),
                s.get("window", null, ConfigValue.nullOr(ConfigValue::positiveDuration)),
                s.get("burst", null, ConfigValue.nullOr(ConfigValue::positiveInt)),
                s.bool("shadow", false));
    }

    private static TimeoutConfig timeouts(ConfigSection s) throws ConfigException {
        TimeoutConfig d = TimeoutConfig.defaults();
        return new TimeoutConfig(
                s.bool("enabled", d.enabled()),
                s.positiveDuration("default", d.defaultTimeout()),
                s.get("routes", d.routes(),
                        v -> routes(v, ConfigParser::timeoutRoute, TimeoutRoute::path, TimeoutRoute::methods)));
    }

    private static TimeoutRoute timeoutRoute(ConfigValue value) throws ConfigException {
        ConfigSection s = value.section(TIMEOUT_ROUTE_KEYS);
        return new TimeoutRoute(
                s.required("path", ConfigParser::routePath),
                s.get("methods", Set.of(), ConfigParser::methods),
                s.required("timeout", ConfigValue::positiveDuration));
    }

    /**
     * Route entries of one policy. Two entries for the same path whose methods overlap (an empty list being all
     * methods) would make "most specific match wins" ambiguous, so they are refused.
     */
    private static <T> List<T> routes(ConfigValue list, ConfigValue.Parser<T> parser, Function<T, String> path,
                                      Function<T, Set<String>> methods) throws ConfigException {
        List<T> routes = new ArrayList<>();
        List<ConfigValue> elements = list.elements();
        for (int i = 0; i < elements.size(); i++) {
            T route = parser.parse(elements.get(i));
            for (int j = 0; j < i; j++) {
                T earlier = routes.get(j);
                if (path.apply(earlier).equals(path.apply(route))
                        && overlap(methods.apply(earlier), methods.apply(route))) {
                    throw elements.get(i).error("same path and methods as " + list.path() + "[" + j + "]");
                }
            }
            routes.add(route);
        }
        return routes;
    }

    private static boolean overlap(Set<String> a, Set<String> b) {
        return a.isEmpty() == b.isEmpty() && (a.isEmpty() || a.stream().anyMatch(b::contains));
    }

    private static Set<String> methods(ConfigValue list) throws ConfigException {
        return Copies.orderedSet(list.listOf(ConfigValue::httpMethod));
    }

    private static CircuitBreakerConfig circuitBreakers(ConfigSection s) throws ConfigException {
        CircuitBreakerConfig d = CircuitBreakerConfig.defaults();
        Double slowCallRateThreshold = s.get("slow_call_rate_threshold", d.slowCallRateThreshold(),
                ConfigValue.nullOr(ConfigValue::percent));
        Duration slowCallDuration = s.get("slow_call_duration", d.slowCallDuration(),
                ConfigValue.nullOr(ConfigValue::positiveDuration));
        if (slowCallRateThreshold != null && slowCallDuration == null) {
            throw s.error("slow_call_duration", "required when slow_call_rate_threshold is set");
        }
        int slidingWindowSize = s.positiveInt("sliding_window_size", d.slidingWindowSize());
        int minimumCalls = s.positiveInt("minimum_calls", d.minimumCalls());
        if (minimumCalls > slidingWindowSize) {
            throw s.error("minimum_calls", "must not exceed sliding_window_size (" + slidingWindowSize + ")");
        }
        return new CircuitBreakerConfig(
                s.bool("enabled", d.enabled()),
                s.positiveInt("failure_threshold", d.failureThreshold()),
                s.positiveDuration("open_timeout", d.openTimeout()),
                s.positiveInt("half_open_successes", d.halfOpenSuccesses()),
                s.positiveInt("half_open_max_probes", d.halfOpenMaxProbes()),
                s.positiveDuration("call_timeout", d.callTimeout()),
                s.get("failure_rate_threshold", d.failureRateThreshold(), ConfigValue.nullOr(ConfigValue::percent)),
                slowCallRateThreshold,
                slowCallDuration,
                slidingWindowSize,
                minimumCalls,
                s.get("services", d.services(), ConfigParser::services),
                s.get("ignore_exceptions", d.ignoreExceptions(), v -> v.listOf(ConfigParser::className)),
                s.get("record_exceptions", d.recordExceptions(), v -> v.listOf(ConfigParser::className)),
                s.get("ignore_sql_states", d.ignoreSqlStates(), v -> v.listOf(ConfigParser::sqlStatePrefix)),
                s.get("ignore_redis_errors", d.ignoreRedisErrors(), v -> v.listOf(ConfigParser::redisErrorPrefix)));
    }

    private static String sqlStatePrefix(ConfigValue value) throws ConfigException {
        return value.string(SQL_STATE_PREFIX, "an SQLState or its first characters, such as \"23\" or \"40001\"");
    }

    private static String redisErrorPrefix(ConfigValue value) throws ConfigException {
        String prefix = value.string();
        if (prefix.isBlank()) {
            throw value.error("must be the start of a Redis error reply, such as WRONGTYPE");
        }
        return prefix;
    }

    private static String className(ConfigValue value) throws ConfigException {
        return value.string(CLASS_NAME, "a fully qualified class name such as java.net.ConnectException");
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
            String library = s.get("library", null, ConfigValue.nullOr(ConfigParser::library));
            List<ConfigValue> match = s.get("match", List.of(), ConfigValue::elements);
            String effectiveLibrary = library != null ? library
                    : CircuitBreakerConfig.LIBRARIES.contains(name) ? name : null;
            List<String> targets = new ArrayList<>();
            for (ConfigValue target : match) {
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
            services.put(name, new ServiceOverrides(
                    s.get("failure_threshold", null, ConfigValue.nullOr(ConfigValue::positiveInt)),
                    s.get("open_timeout", null, ConfigValue.nullOr(ConfigValue::positiveDuration)),
                    s.get("half_open_successes", null, ConfigValue.nullOr(ConfigValue::positiveInt)),
                    s.get("call_timeout", null, ConfigValue.nullOr(ConfigValue::positiveDuration)),
                    library,
                    targets,
                    s.get("ignore_exceptions", List.of(), v -> v.listOf(ConfigParser::className)),
                    s.get("record_exceptions", List.of(), v -> v.listOf(ConfigParser::className)),
                    s.get("ignore_sql_states", null, ConfigValue.nullOr(v -> v.listOf(ConfigParser::sqlStatePrefix))),
                    s.get("ignore_redis_errors", null,
                            ConfigValue.nullOr(v -> v.listOf(ConfigParser::redisErrorPrefix)))));
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
        boolean enabled = s.bool("enabled", d.enabled());
        List<String> origins = s.get("allowed_origins", d.allowedOrigins(), v -> v.listOf(ConfigParser::origin));
        boolean allowCredentials = s.bool("allow_credentials", d.allowCredentials());
        if (enabled && origins.isEmpty()) {
            throw s.error("allowed_origins", "must list at least one origin when cors is enabled");
        }
        if (allowCredentials && origins.contains("*")) {
            throw s.error("allow_credentials", "cannot be true when allowed_origins contains '*' (browsers refuse it)");
        }
        return new CorsConfig(
                enabled,
                origins,
                s.get("allowed_methods", d.allowedMethods(), ConfigParser::methods),
                s.get("allowed_headers", d.allowedHeaders(), v -> v.listOf(ConfigParser::headerOrWildcard)),
                s.get("exposed_headers", d.exposedHeaders(), v -> v.listOf(ConfigValue::headerName)),
                allowCredentials,
                s.get("max_age", d.maxAge(), ConfigValue::nonNegativeDuration));
    }

    private static String origin(ConfigValue value) throws ConfigException {
        return value.string(ORIGIN, "an origin such as https://app.example.com or http://localhost:3000, or '*'")
                .toLowerCase(Locale.ROOT);
    }

    private static String headerOrWildcard(ConfigValue value) throws ConfigException {
        return "*".equals(value.string()) ? "*" : value.headerName();
    }

    /** health; read after circuit_breakers because critical services must be among its services. */
    private static HealthConfig health(ConfigSection root, Set<String> services) throws ConfigException {
        List<String> critical = root.get("health", null, v -> v.section(HEALTH_KEYS).get("critical_services", null,
                list -> list.listOf(name -> serviceName(name, services))));
        if (critical != null) {
            return new HealthConfig(critical);
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

    private static Cidr cidr(ConfigValue value) throws ConfigException {
        String text = value.string();
        try {
            return Cidr.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw value.error("invalid CIDR " + value.describe() + ": " + e.getMessage());
        }
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
