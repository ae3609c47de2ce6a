package io.bulwark.bootstrap;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Where hooks and their helpers find the engine. Until the agent has started (or when it is disabled) everything is a
 * no-op.
 */
public final class Bulwark {

    private static volatile InboundHttp inbound = InboundHttp.DISABLED;
    private static volatile Downstream downstream = Downstream.DISABLED;
    private static volatile BiConsumer<String, Throwable> errorSink = (where, error) -> { };
    private static volatile Consumer<Class<?>> micrometerGlobalRegistryListener = metricsClass -> { };
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

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

    /** Hook helpers report their own failures here instead of throwing into the application. */
    public static void reportError(String where, Throwable error) {
        try {
            errorSink.accept(where, error);
        } catch (Throwable ignored) {
            // nothing may escape into the application
        }
    }

    /**
     * Something the agent could not do as intended for a reason outside its control (e.g. the application wrote its
     * own response at the very moment the agent answered): logged once per {@code where}, never counted as an agent
     * error. {@code where} must be a constant of the caller, so the set stays small.
     */
    public static void warnOnce(String where, String message) {
        if (WARNED.add(where)) {
            System.err.println("[bulwark] WARN " + where + ": " + message + " (logged once)");
        }
    }

    /**
     * Called when the application's io.micrometer.core.instrument.Metrics class has been initialised (its static
     * initialiser ended: returned, or threw, whereupon there is no registry).
     */
    public static void micrometerGlobalRegistryReady(Object metricsClass, Object initialiserThrew) {
        if (initialiserThrew != null) {
            return;
        }
        try {
            micrometerGlobalRegistryListener.accept((Class<?>) metricsClass);
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
