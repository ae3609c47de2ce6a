package io.bulwark.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The application's own SLF4J MDC, found through the class loader of an application class, because the
 * application's SLF4J may live in any class loader (the agent's own copy, relocated, is not it). When SLF4J is absent
 * it does nothing.
 */
public final class Mdc {

    /** Returned by {@link #put} when the key had no previous value. */
    public static final Object NO_PREVIOUS_VALUE = new Object();

    private static final ClassValue<Mdc> BY_LOADER = new ClassValue<>() {
        @Override
        protected Mdc computeValue(Class<?> type) {
            return locate(type.getClassLoader());
        }
    };

    private static final Mdc ABSENT = new Mdc(null, null, null);
    /**
     * Assembled at run time: the shade plugin rewrites string constants that start with org.slf4j (the agent's own
     * copy is relocated), which would point this at the agent's SLF4J instead of the application's.
     */
    private static final String MDC_CLASS = String.join(".", "org", "slf4j", "MDC");

    private final MethodHandle get;
    private final MethodHandle put;
    private final MethodHandle remove;

    private Mdc(MethodHandle get, MethodHandle put, MethodHandle remove) {
        this.get = get;
        this.put = put;
        this.remove = remove;
    }

    /** Puts key=value into the MDC seen by applicationClass and returns what to hand to {@link #restore}. */
    public static Object put(Class<?> applicationClass, String key, String value) {
        Mdc mdc = BY_LOADER.get(applicationClass);
        if (mdc.put == null || key == null) {
            return null;
        }
        try {
            // invokeExact: the call site's type is the handle's own, so no adaptation runs (this is per request)
            String previous = (String) mdc.get.invokeExact(key);
            mdc.put.invokeExact(key, value);
            return previous == null ? NO_PREVIOUS_VALUE : previous;
        } catch (Throwable error) {
            Bulwark.reportError("mdc.put", error);
            return null;
        }
    }

    /** Undoes a {@link #put}: restores the previous value or removes the key. */
    public static void restore(Class<?> applicationClass, String key, Object previous) {
        if (previous == null || key == null) {
            return;
        }
        Mdc mdc = BY_LOADER.get(applicationClass);
        try {
            if (previous == NO_PREVIOUS_VALUE) {
                mdc.remove.invokeExact(key);
            } else {
                mdc.put.invokeExact(key, (String) previous);
            }
        } catch (Throwable error) {
            Bulwark.reportError("mdc.restore", error);
        }
    }

    private static Mdc locate(ClassLoader loader) {
        try {
            Class<?> mdcClass = Class.forName(MDC_CLASS, true, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            return new Mdc(
                lookup.findStatic(mdcClass, "get", MethodType.methodType(String.class, String.class)),
                lookup.findStatic(mdcClass, "put", MethodType.methodType(void.class, String.class, String.class)),
                lookup.findStatic(mdcClass, "remove", MethodType.methodType(void.class, String.class)));
        } catch (ClassNotFoundException | LinkageError absent) {
            return ABSENT;
        } catch (ReflectiveOperationException error) {
            Bulwark.reportError("mdc.locate", error);
            return ABSENT;
        }
    }
}
