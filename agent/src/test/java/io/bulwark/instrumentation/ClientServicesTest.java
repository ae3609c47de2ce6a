package io.bulwark.instrumentation;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.bootstrap.Downstream;
import io.bulwark.core.Clock;
import io.bulwark.core.breaker.CircuitBreakers;
import io.bulwark.core.config.ConfigLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The per-connection service cache the instrumentations share, against the real engine. */
class ClientServicesTest {

    private static final String REPORTS_URL = "jdbc:postgresql://reports-db:5432/reports";

    @AfterEach
    void uninstall() {
        Bulwark.installDownstream(Downstream.DISABLED);
    }

    private static void install(String yaml) throws Exception {
        Bulwark.installDownstream(new CircuitBreakers(ConfigLoader.parse(yaml, "agent-config.yaml").circuitBreakers(),
            new SimpleMeterRegistry(), List.of(0.1), Clock.SYSTEM));
    }

    @Test
    void aClientsTargetIsLookedUpOnceAndItsServiceKept() throws Exception {
        install("""
            circuit_breakers:
              services:
                database: {}
                reports: {library: database, match: ["jdbc:postgresql://reports-db:5432/"]}
            """);
        ClientServices services = new ClientServices("database");
        AtomicInteger lookups = new AtomicInteger();
        Function<Object, String> target = client -> {
            lookups.incrementAndGet();
            return client.equals("main-connection") ? "jdbc:postgresql://main:5432/app" : REPORTS_URL;
        };
        Object reportsConnection = new Object();
        assertEquals("reports", services.of(reportsConnection, target));
        assertEquals("reports", services.of(reportsConnection, target));
        assertEquals(1, lookups.get(), "once per connection");
        assertEquals("database", services.of("main-connection", target));
        assertEquals("database", services.of(new Object(), client -> {
            throw new IllegalStateException("closed");
        }), "a target that cannot be found: the default service");

        Object dataSource = new Object();
        assertNull(services.known(dataSource), "a DataSource is unknown until a checkout shows its database");
        services.rememberLike(dataSource, reportsConnection, target);
        assertEquals("reports", services.known(dataSource));
        assertEquals(2, lookups.get(), "the checked-out connection's service was known already");
    }

    @Test
    void withoutSplitsNothingIsLookedUpAndTheDefaultMayBeRenamed() throws Exception {
        install("""
            circuit_breakers:
              services:
                database: {}
                cache: {library: redis}
            """);
        ClientServices services = new ClientServices("redis");
        Function<Object, String> target = client -> {
            throw new AssertionError("looked up although redis is not split");
        };
        assertEquals("cache", services.of(new Object(), target));
        assertEquals("cache", services.remembered(new Object()));
        assertEquals("cache", services.known(new Object()), "not split: every client is the default's");
    }
}
