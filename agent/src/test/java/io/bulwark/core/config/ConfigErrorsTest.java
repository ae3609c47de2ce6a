package io.bulwark.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of invalid file gives one message naming the file, the line and the key. */
class ConfigErrorsTest {
    private static final String FILE = "/etc/bulwark/agent-config.yaml";

    static Stream<Arguments> invalidFiles() {
        return Stream.of(
                // yaml, line, key, message after "file:line: key: "
                Arguments.of("metrics:\n  enabled: true\n  histogram: true\n", 3, "metrics.histogram",
                        "unknown key (allowed: enabled, jvm, application_meters, duration_buckets)"),
                Arguments.of("ratelimit: {}\n", 1, "ratelimit", "unknown key (allowed: enabled, endpoint, routes, "
                        + "request_id, access_log, metrics, identity, rate_limit, timeouts, circuit_breakers, cors, "
                        + "health)"),
                Arguments.of("rate_limit:\n  default_limit: abc\n", 2, "rate_limit.default_limit",
                        "must be a positive integer, got 'abc'"),
                Arguments.of("circuit_breakers:\n  ignore_exceptions: [java.net.SocketTimeoutException, not a class]\n",
                        2, "circuit_breakers.ignore_exceptions[1]",
                        "must be a fully qualified class name such as java.net.ConnectException, got 'not a class'"),
                Arguments.of("rate_limit:\n  default_limit: \"100\"\n", 2, "rate_limit.default_limit",
                        "must be a positive integer, got '100'"),
                Arguments.of("rate_limit:\n  default_limit: 0\n", 2, "rate_limit.default_limit",
                        "must be a positive integer, got 0"),
                Arguments.of("rate_limit:\n  routes:\n    - {path: /a, limit: 1}\n    - {path: /b, limit: -5}\n", 4,
                        "rate_limit.routes[1].limit", "must be a positive integer, got -5"),
                Arguments.of("rate_limit:\n  routes:\n    - {path: /a}\n", 3, "rate_limit.routes[0].limit",
                        "required key is missing"),
                Arguments.of("rate_limit:\n  routes:\n    - {path: api/v1, limit: 3}\n", 3,
                        "rate_limit.routes[0].path", "a route path must start with '/', got 'api/v1'"),
                Arguments.of("rate_limit:\n  routes:\n    - {path: /a, limit: 3}\n    - {path: /a, limit: 4}\n", 4,
                        "rate_limit.routes[1]", "same path and methods as rate_limit.routes[0]"),
                Arguments.of("rate_limit:\n  routes:\n    - {path: /a, methods: [FETCH], limit: 3}\n", 3,
                        "rate_limit.routes[0].methods[0]",
                        "must be an HTTP method (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE), got 'FETCH'"),
                Arguments.of("rate_limit:\n  routes: {path: /a, limit: 3}\n", 2, "rate_limit.routes",
                        "must be a list, got a mapping"),
                Arguments.of("rate_limit: [1, 2]\n", 1, "rate_limit",
                        "must be a mapping of keys to values, got a list"),
                Arguments.of("rate_limit:\n  window: 5x\n", 2, "rate_limit.window",
                        "must be a positive duration such as 250ms, 30s, 5m, 1h or a number of seconds, got '5x'"),
                Arguments.of("timeouts:\n  default: 0s\n", 2, "timeouts.default",
                        "must be a positive duration such as 250ms, 30s, 5m, 1h or a number of seconds, got '0s'"),
                Arguments.of("timeouts:\n  default: -3\n", 2, "timeouts.default",
                        "must be a positive duration such as 250ms, 30s, 5m, 1h or a number of seconds, got -3"),
                Arguments.of("timeouts:\n  default: 9000h\n", 2, "timeouts.default",
                        "must be at most 365 days, got '9000h'"),
                Arguments.of("rate_limit:\n  trusted_proxies:\n    - 10.0.0.0/8\n    - 10.0.0.300/8\n", 4,
                        "rate_limit.trusted_proxies[1]", "invalid CIDR '10.0.0.300/8': not an IP address"),
                Arguments.of("rate_limit:\n  allowlist: [10.1.2.3/8]\n", 2, "rate_limit.allowlist[0]",
                        "invalid CIDR '10.1.2.3/8': host bits are set (did you mean 10.0.0.0/8?)"),
                Arguments.of("rate_limit:\n  allowlist: [\"::1/129\"]\n", 2, "rate_limit.allowlist[0]",
                        "invalid CIDR '::1/129': prefix length must be 0..128, got '129'"),
                Arguments.of("rate_limit:\n  allowlist: [example.com]\n", 2, "rate_limit.allowlist[0]",
                        "invalid CIDR 'example.com': not an IP address"),
                Arguments.of("rate_limit:\n  key: user\n", 2, "rate_limit.key",
                        "must be one of user_or_ip, ip, got 'user'"),
                Arguments.of("rate_limit:\n  enabled: maybe\n", 2, "rate_limit.enabled",
                        "must be true or false, got 'maybe'"),
                Arguments.of("access_log:\n  output: syslog\n", 2, "access_log.output",
                        "must be one of stdout, file, got 'syslog'"),
                Arguments.of("endpoint:\n  port: 70000\n", 2, "endpoint.port",
                        "must be a port number 0..65535, got 70000"),
                Arguments.of("metrics:\n  duration_buckets: [0.1, 0.5, 0.5]\n", 2, "metrics.duration_buckets[2]",
                        "buckets must be strictly ascending, got 0.5 after 0.5"),
                Arguments.of("metrics:\n  duration_buckets: []\n", 2, "metrics.duration_buckets",
                        "must list at least one bucket"),
                Arguments.of("request_id:\n  allowed_characters: z-a\n", 2, "request_id.allowed_characters",
                        "range z-a is not ascending"),
                Arguments.of("request_id:\n  allowed_characters: \"a-z \"\n", 2, "request_id.allowed_characters",
                        "character U+0020 is not allowed (only printable ASCII 0x21-0x7E)"),
                Arguments.of("identity:\n  jwt:\n    claim: sub\n", 2, "identity.jwt.hmac_secret_env",
                        "set exactly one of hmac_secret_env and public_key_file"),
                Arguments.of("identity:\n  jwt: {hmac_secret_env: S, public_key_file: k.pem}\n", 2,
                        "identity.jwt.public_key_file", "set exactly one of hmac_secret_env and public_key_file"),
                Arguments.of("circuit_breakers:\n  slow_call_rate_threshold: 50\n", 1,
                        "circuit_breakers.slow_call_duration", "required when slow_call_rate_threshold is set"),
                Arguments.of("circuit_breakers:\n  failure_rate_threshold: 150\n", 2,
                        "circuit_breakers.failure_rate_threshold", "must be a percentage from 1 to 100, got 150"),
                Arguments.of("circuit_breakers:\n  minimum_calls: 30\n", 2, "circuit_breakers.minimum_calls",
                        "must not exceed sliding_window_size (20)"),
                Arguments.of("circuit_breakers:\n  services:\n    redis: {failure_threshold: 0}\n", 3,
                        "circuit_breakers.services.redis.failure_threshold", "must be a positive integer, got 0"),
                Arguments.of("circuit_breakers:\n  services:\n    redis: {timeout: 1s}\n", 3,
                        "circuit_breakers.services.redis.timeout",
                        "unknown key (allowed: failure_threshold, open_timeout, half_open_successes, call_timeout, "
                                + "library, match, ignore_exceptions, record_exceptions, ignore_sql_states, "
                                + "ignore_redis_errors)"),
                Arguments.of("circuit_breakers:\n  services:\n    database: {}\n    cache: {library: memcached}\n", 4,
                        "circuit_breakers.services.cache.library",
                        "must be one of database, redis, kafka, elasticsearch, got 'memcached'"),
                Arguments.of("circuit_breakers:\n  services:\n    database: {}\n    reports:\n      match: [reports-db]\n",
                        5, "circuit_breakers.services.reports.match[0]",
                        "needs 'library' (database, redis, kafka, elasticsearch) on service 'reports', whose name is "
                                + "not a library's"),
                Arguments.of("circuit_breakers:\n  services:\n    database: {}\n"
                                + "    a: {library: redis, match: [cache-1:6379]}\n"
                                + "    b: {library: redis, match: ['jdbc:x', Cache-1:6379]}\n", 5,
                        "circuit_breakers.services.b.match[1]", "'cache-1:6379' is already matched by service 'a'"),
                Arguments.of("circuit_breakers:\n  services:\n    database: {}\n    reports: {library: database}\n", 4,
                        "circuit_breakers.services.reports",
                        "services 'database' and 'reports' both take every database call; give one of them a 'match' "
                                + "list"),
                Arguments.of("circuit_breakers:\n  ignore_sql_states: [\"23\", \"4000x\"]\n", 2,
                        "circuit_breakers.ignore_sql_states[1]",
                        "must be an SQLState or its first characters, such as \"23\" or \"40001\", got '4000x'"),
                Arguments.of("circuit_breakers:\n  services:\n    redis: {}\n", 1, "health.critical_services",
                        "the default critical service 'database' is not among circuit_breakers.services; "
                                + "add it there or set critical_services"),
                Arguments.of("circuit_breakers:\n  services: {redis: {}}\nhealth: {}\n", 1, "health.critical_services",
                        "the default critical service 'database' is not among circuit_breakers.services; "
                                + "add it there or set critical_services"),
                Arguments.of("health:\n  critical_services: [postgres]\n", 2, "health.critical_services[0]",
                        "'postgres' is not a service of circuit_breakers.services "
                                + "(database, redis, kafka, elasticsearch)"),
                Arguments.of("cors:\n  enabled: true\n", 1, "cors.allowed_origins",
                        "must list at least one origin when cors is enabled"),
                Arguments.of("cors:\n  allowed_origins: [\"http://localhost:3000/\"]\n", 2, "cors.allowed_origins[0]",
                        "must be an origin such as https://app.example.com or http://localhost:3000, or '*', "
                                + "got 'http://localhost:3000/'"),
                Arguments.of("cors:\n  allowed_origins: [\"*\"]\n  allow_credentials: true\n", 3,
                        "cors.allow_credentials",
                        "cannot be true when allowed_origins contains '*' (browsers refuse it)"),
                Arguments.of("routes:\n  - /a/{id}\n  - /a/{id}\n", 3, "routes[1]", "duplicate route '/a/{id}'"),
                Arguments.of("routes:\n  - /a/{id\n", 2, "routes[0]", "unclosed '{' in route path '/a/{id'"),
                Arguments.of("enabled: true\nendpoint:\n  port: 1\n  port: 2\n", 4, "endpoint.port", "duplicate key"),
                Arguments.of("enabled: true\nrate_limit:\n  default_limit: 5\n limit: 3\n", 4, "",
                        "invalid YAML: while parsing a block mapping: expected <block end>, "
                                + "but found '<block mapping start>'"),
                Arguments.of("metrics:\n  jvm: [true\n", 3, "",
                        "invalid YAML: while parsing a flow sequence: expected ',' or ']', but got <stream end>"),
                Arguments.of("a: 1\n---\nb: 2\n", 2, "",
                        "invalid YAML: expected a single document in the stream: but found another document"));
    }

    @ParameterizedTest
    @MethodSource("invalidFiles")
    void errorNamesFileLineAndKey(String yaml, int line, String key, String detail) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, FILE));
        String prefix = FILE + ":" + line + ": " + (key.isEmpty() ? "" : key + ": ");
        assertEquals(prefix + detail, e.getMessage());
        assertEquals(FILE, e.source());
        assertEquals(line, e.line());
        assertEquals(key, e.key());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }
}
