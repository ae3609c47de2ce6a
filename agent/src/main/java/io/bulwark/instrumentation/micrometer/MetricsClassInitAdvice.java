package io.bulwark.instrumentation.micrometer;

import io.bulwark.bootstrap.Bulwark;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of the static initialiser of the application's {@code io.micrometer.core.instrument.Metrics},
 * so the agent can attach a registry to the global registry before the application records anything.
 */
public final class MetricsClassInitAdvice {

    private MetricsClassInitAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Origin Class<?> metricsClass) {
        Bulwark.micrometerGlobalRegistryReady(metricsClass);
    }
}
