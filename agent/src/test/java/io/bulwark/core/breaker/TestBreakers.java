package io.bulwark.core.breaker;

import io.bulwark.core.ManualClock;
import io.bulwark.core.config.CircuitBreakerConfig;
import io.bulwark.core.config.ServiceOverrides;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A CircuitBreakers engine on a manual clock and a simple meter registry, with shortcuts for tests. */
final class TestBreakers {

    final ManualClock clock = new ManualClock();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final CircuitBreakers engine;

    TestBreakers(CircuitBreakerConfig config) {
        engine = new CircuitBreakers(config, registry, List.of(0.1, 1.0), clock);
    }

    TestBreakers() {
        this(CircuitBreakerConfig.defaults());
    }

    /** Defaults plus rate thresholds over a window of 10 calls judged from 5 calls on. */
    static CircuitBreakerConfig withRates(Double failureRate, Double slowCallRate, Duration slowCallDuration) {
        CircuitBreakerConfig d = CircuitBreakerConfig.defaults();
        return new CircuitBreakerConfig(true, d.failureThreshold(), d.openTimeout(), d.halfOpenSuccesses(),
            d.halfOpenMaxProbes(), d.callTimeout(), failureRate, slowCallRate, slowCallDuration, 10, 5, d.services(), List.of(), List.of(),
            d.ignoreSqlStates(), d.ignoreRedisErrors());
    }

    static CircuitBreakerConfig withServices(Map<String, ServiceOverrides> services, int halfOpenMaxProbes) {
        CircuitBreakerConfig d = CircuitBreakerConfig.defaults();
        return new CircuitBreakerConfig(true, d.failureThreshold(), d.openTimeout(), d.halfOpenSuccesses(),
            halfOpenMaxProbes, d.callTimeout(), null, null, null, d.slidingWindowSize(), d.minimumCalls(), services, List.of(), List.of(),
            d.ignoreSqlStates(), d.ignoreRedisErrors());
    }

    CircuitBreaker.State state(String service) {
        return engine.breakers().stream().filter(b -> b.name().equals(service)).findFirst().orElseThrow().state();
    }

    void succeed(String service, int times) {
        for (int i = 0; i < times; i++) {
            engine.start(service, "command").success();
        }
    }

    void fail(String service, int times, Throwable error) {
        for (int i = 0; i < times; i++) {
            engine.start(service, "command").failure(error);
        }
    }

    double calls(String service, String operation, String status) {
        Counter counter = registry.find("external.service.calls")
            .tags("service", service, "operation", operation, "status", status).counter();
        return counter == null ? 0 : counter.count();
    }

    long timed(String service, String operation) {
        Timer timer = registry.find("external.service.duration").tags("service", service, "operation", operation).timer();
        return timer == null ? 0 : timer.count();
    }

    double stateGauge(String service, String state) {
        Gauge gauge = registry.find("circuit.breaker.state").tags("service", service, "state", state).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }
}
