package io.bulwark.core.breaker;

import io.bulwark.core.breaker.CircuitBreaker.State;
import io.bulwark.core.config.ServiceOverrides;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceOverridesTest {

    private static final ConnectException DOWN = new ConnectException("Connection refused");

    private static TestBreakers breakers() {
        Map<String, ServiceOverrides> services = new LinkedHashMap<>();
        services.put("database", ServiceOverrides.NONE);
        services.put("redis", new ServiceOverrides(2, Duration.ofSeconds(10), 1, Duration.ofMillis(250)));
        return new TestBreakers(TestBreakers.withServices(services, 1));
    }

    @Test
    void aServiceUsesItsOwnThresholdTimeoutAndSuccesses() {
        TestBreakers t = breakers();
        t.fail("redis", 2, DOWN);
        t.fail("database", 2, DOWN);
        assertEquals(State.OPEN, t.state("redis"));
        assertEquals(State.CLOSED, t.state("database"));

        t.clock.advance(Duration.ofSeconds(10));
        assertEquals(State.HALF_OPEN, t.state("redis"));
        t.succeed("redis", 1);
        assertEquals(State.CLOSED, t.state("redis"), "half_open_successes: 1");
    }

    @Test
    void otherServicesInheritTheGlobalValues() {
        TestBreakers t = breakers();
        t.fail("database", 5, DOWN);
        assertEquals(State.OPEN, t.state("database"));
        t.clock.advance(Duration.ofSeconds(10));
        assertEquals(State.OPEN, t.state("database"));
        t.clock.advance(Duration.ofSeconds(50));
        assertTrue(t.engine.start("database", "query").permitted());
        assertFalse(t.engine.start("database", "query").permitted(), "half_open_max_probes: 1");
    }

    @Test
    void callTimeoutsComeFromTheServiceOrTheGlobalValue() {
        TestBreakers t = breakers();
        assertEquals(250, t.engine.callTimeoutMillis("redis"));
        assertEquals(5000, t.engine.callTimeoutMillis("database"));
        assertEquals(5000, t.engine.callTimeoutMillis("not-configured"));
    }
}
