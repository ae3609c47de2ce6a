package io.bulwark.bootstrap;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Where advice finds the engine. Until the agent has started (or when it is disabled) everything is a no-op. */
public final class Bulwark {

    private static volatile InboundHttp inbound = InboundHttp.DISABLED;
    private static volatile Downstream downstream = Downstream.DISABLED;
    private static volatile BiConsumer<String, Throwable> errorSink = (where, error) -> { };
    private static volatile Consumer<Class<?>> micrometerGlobalRegistryListener = metricsClass -> { };

    private Bulwark() {
    }

    public static InboundHttp inbound() {
        return inbound;
    }

    /** Circuit breakers and external-service metrics for client instrumentations; see {@link Downstream}. */
    public static Downstream downstream() {
        return downstream;
    }

    public static void installDownstream(Downstream engine) {
        downstream = engine;
    }

    /** Advice and helpers report their own failures here instead of throwing into the application. */
    public static void reportError(String where, Throwable error) {
        try {
            errorSink.accept(where, error);
        } catch (Throwable ignored) {
            // nothing may escape into the application
        }
    }

    /** Called when the application's io.micrometer.core.instrument.Metrics class has been initialised. */
    public static void micrometerGlobalRegistryReady(Class<?> metricsClass) {
        try {
            micrometerGlobalRegistryListener.accept(metricsClass);
        } catch (Throwable error) {
            reportError("micrometer.global-registry", error);
        }
    }

    public static void install(InboundHttp inboundHttp, BiConsumer<String, Throwable> errors,
                               Consumer<Class<?>> micrometerListener) {
        errorSink = errors;
        micrometerGlobalRegistryListener = micrometerListener;
        inbound = inboundHttp;
    }
}
