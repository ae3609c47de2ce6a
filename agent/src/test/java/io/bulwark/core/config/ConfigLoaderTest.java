package io.bulwark.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, yaml);
    }

    private static String abs(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    @Test
    void theAgentOptionWinsOverTheEnvironmentAndTheWorkingDirectory() throws Exception {
        Path option = write("option.yaml", "rate_limit: {default_limit: 1}");
        Path env = write("env.yaml", "rate_limit: {default_limit: 2}");
        write("agent-config.yaml", "rate_limit: {default_limit: 3}");

        LoadedConfig loaded = ConfigLoader.load("config=" + option, Map.of("BULWARK_CONFIG", env.toString()), dir);

        assertEquals(abs(option), loaded.source());
        assertEquals(1, loaded.config().rateLimit().defaultLimit());
    }

    @Test
    void bulwarkConfigWinsOverTheWorkingDirectory() throws Exception {
        Path env = write("env.yaml", "rate_limit: {default_limit: 2}");
        write("agent-config.yaml", "rate_limit: {default_limit: 3}");

        LoadedConfig loaded = ConfigLoader.load("", Map.of("BULWARK_CONFIG", env.toString()), dir);

        assertEquals(abs(env), loaded.source());
        assertEquals(2, loaded.config().rateLimit().defaultLimit());
    }

    @Test
    void theWorkingDirectoryFileIsUsedWhenNothingIsGiven() throws Exception {
        Path local = write("agent-config.yaml", "rate_limit: {default_limit: 3}");

        LoadedConfig loaded = ConfigLoader.load(null, Map.of(), dir);

        assertEquals(abs(local), loaded.source());
        assertEquals(3, loaded.config().rateLimit().defaultLimit());
    }

    @Test
    void builtInDefaultsWhenThereIsNoFile() throws Exception {
        LoadedConfig loaded = ConfigLoader.load(null, Map.of(), dir);

        assertEquals("built-in defaults", loaded.source());
        assertEquals(BulwarkConfig.defaults(), loaded.config());
    }

    @Test
    void relativePathsAreResolvedAgainstTheWorkingDirectory() throws Exception {
        Path file = write("conf/bulwark.yaml", "enabled: false");

        LoadedConfig loaded = ConfigLoader.load("config=conf/bulwark.yaml", Map.of(), dir);

        assertEquals(abs(file), loaded.source());
        assertFalse(loaded.config().enabled());
    }

    @Test
    void anEmptyFileGivesTheDefaults() throws Exception {
        Path file = write("empty.yaml", "");
        assertEquals(BulwarkConfig.defaults(), ConfigLoader.load("config=" + file, Map.of(), dir).config());
    }

    @Test
    void aMissingFileGivenByTheOptionIsAnError() {
        Path missing = dir.resolve("missing.yaml");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load("config=" + missing, Map.of(), dir));
        assertEquals(abs(missing) + ": config file not found (given by -javaagent option config=" + missing + ")",
                e.getMessage());
        assertEquals(abs(missing), e.source());
        assertEquals(0, e.line());
    }

    @Test
    void aMissingFileGivenByTheEnvironmentIsAnError() {
        Path missing = dir.resolve("missing.yaml");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("BULWARK_CONFIG", missing.toString()), dir));
        assertEquals(abs(missing) + ": config file not found (given by environment variable BULWARK_CONFIG="
                + missing + ")", e.getMessage());
    }

    @Test
    void aDirectoryIsNotAConfigFile() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load("config=" + dir, Map.of(), dir));
        assertEquals(abs(dir) + ": is a directory, not a config file (given by -javaagent option config=" + dir
                + ")", e.getMessage());
    }

    @Test
    void errorsInsideALoadedFileNameItsAbsolutePath() throws Exception {
        Path file = write("bad.yaml", "rate_limit:\n  routes:\n    - {path: /a, limit: 1}\n    - {path: /b, limit: -5}\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load("config=" + file, Map.of(), dir));
        assertEquals(abs(file) + ":4: rate_limit.routes[1].limit: must be a positive integer, got -5",
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "foo=bar              | foo    | -javaagent option 'foo=bar': unknown option (allowed: config=<path>)",
            "/etc/agent.yaml      | /etc/agent.yaml | -javaagent option '/etc/agent.yaml': unknown option (allowed: config=<path>)",
            "config=a.yaml,debug  | debug  | -javaagent option 'debug': unknown option (allowed: config=<path>)",
            "config=              | config | -javaagent option 'config=': needs a file path: config=<path>",
            "config=a,config=b    | config | -javaagent option 'config=b': given more than once"})
    void badAgentOptionsAreErrors(String agentArgs, String key, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(agentArgs, Map.of(), dir));
        assertEquals(message, e.getMessage());
        assertEquals(key, e.key());
    }

    @Test
    void environmentOverridesWinOverTheFile() throws Exception {
        Path file = write("file.yaml", """
                endpoint: {port: 9000}
                rate_limit: {enabled: true, default_limit: 50, window: 30s}
                timeouts:
                  default: 20s
                  routes: [{path: /slow, timeout: 40s}]
                circuit_breakers:
                  failure_threshold: 9
                  open_timeout: 10s
                  call_timeout: 1s
                  services: {database: {call_timeout: 3s}}
                """);
        Map<String, String> env = Map.of(
                "RATE_LIMIT_ENABLED", "false",
                "RATE_LIMIT_DEFAULT", "7",
                "RATE_LIMIT_WINDOW", "2",
                "CIRCUIT_BREAKER_FAILURE_THRESHOLD", "3",
                "CIRCUIT_BREAKER_TIMEOUT", "15",
                "REQUEST_TIMEOUT", "2.5",
                "EXTERNAL_SERVICE_TIMEOUT", "4",
                "BULWARK_AGENT_PORT", "0");

        BulwarkConfig c = ConfigLoader.load("config=" + file, env, dir).config();

        assertFalse(c.rateLimit().enabled());
        assertEquals(7, c.rateLimit().defaultLimit());
        assertEquals(Duration.ofSeconds(2), c.rateLimit().window());
        assertEquals(3, c.circuitBreakers().failureThreshold());
        assertEquals(Duration.ofSeconds(15), c.circuitBreakers().openTimeout());
        assertEquals(Duration.ofMillis(2500), c.timeouts().defaultTimeout());
        assertEquals(Duration.ofSeconds(4), c.circuitBreakers().callTimeout());
        assertEquals(0, c.endpoint().port());
        // per-route and per-service values stay as written
        assertEquals(Duration.ofSeconds(40), c.timeouts().routes().get(0).timeout());
        assertEquals(Duration.ofSeconds(3), c.circuitBreakers().callTimeout("database"));
        assertEquals(Duration.ofSeconds(4), c.circuitBreakers().callTimeout("redis"));
    }

    @Test
    void environmentOverridesApplyToTheDefaultsAndEmptyValuesAreIgnored() throws Exception {
        BulwarkConfig c = ConfigLoader.load(null, Map.of("REQUEST_TIMEOUT", "60", "RATE_LIMIT_DEFAULT", ""), dir)
                .config();
        assertEquals(Duration.ofSeconds(60), c.timeouts().defaultTimeout());
        assertEquals(100, c.rateLimit().defaultLimit());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "RATE_LIMIT_ENABLED                | yes   | must be true or false, got 'yes'",
            "RATE_LIMIT_DEFAULT                | 0     | must be a positive integer, got '0'",
            "RATE_LIMIT_DEFAULT                | -5    | must be a positive integer, got '-5'",
            "RATE_LIMIT_DEFAULT                | 1e3   | must be a positive integer, got '1e3'",
            "RATE_LIMIT_WINDOW                 | 60s   | must be a positive number of seconds (at most 365 days), got '60s'",
            "CIRCUIT_BREAKER_FAILURE_THRESHOLD | five  | must be a positive integer, got 'five'",
            "CIRCUIT_BREAKER_TIMEOUT           | 0     | must be a positive number of seconds (at most 365 days), got '0'",
            "REQUEST_TIMEOUT                   | abc   | must be a positive number of seconds (at most 365 days), got 'abc'",
            "EXTERNAL_SERVICE_TIMEOUT          | -1    | must be a positive number of seconds (at most 365 days), got '-1'",
            "BULWARK_AGENT_PORT                | 65536 | must be a port number 0..65535, got '65536'"})
    void badEnvironmentValuesNameTheVariable(String name, String value, String detail) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(name, value), dir));
        assertEquals("environment variable " + name + ": " + detail, e.getMessage());
        assertEquals(name, e.key());
        assertEquals(0, e.line());
    }
}
