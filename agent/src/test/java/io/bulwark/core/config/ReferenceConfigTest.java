package io.bulwark.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference agent-config.yaml at the repository root loads, and differs from the defaults only where meant. */
class ReferenceConfigTest {

    static Path referenceFile() {
        Path fromModule = Path.of("..", "agent-config.yaml"); // surefire runs in agent/
        return Files.exists(fromModule) ? fromModule : Path.of("agent-config.yaml");
    }

    @Test
    void referenceConfigIsTheDefaultsPlusTheSampleServiceSettings() throws ConfigException {
        Path file = referenceFile();
        assertTrue(Files.isRegularFile(file), "missing " + file.toAbsolutePath());

        LoadedConfig loaded = ConfigLoader.load("config=" + file, Map.of(), Path.of("."));
        assertEquals(file.toAbsolutePath().normalize().toString(), loaded.source());

        BulwarkConfig d = BulwarkConfig.defaults();
        CorsConfig dc = d.cors();
        BulwarkConfig expected = new BulwarkConfig(d.enabled(), d.endpoint(),
                List.of("/api/v1/auth/token", "/api/v1/transactions", "/api/v1/transactions/{id}", "/api/v1/health",
                        "/api/v1/debug/sleep"),
                d.requestId(), d.accessLog(), d.metrics(),
                new IdentityConfig(null, new JwtConfig("Authorization", "sub", "JWT_SECRET", null)),
                d.rateLimit(), d.timeouts(), d.circuitBreakers(),
                new CorsConfig(true, List.of("http://localhost:3000"), dc.allowedMethods(), dc.allowedHeaders(),
                        dc.exposedHeaders(), dc.allowCredentials(), dc.maxAge()),
                d.health());
        assertEquals(expected, loaded.config());
    }
}
