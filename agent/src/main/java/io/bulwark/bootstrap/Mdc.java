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
    private static final Object NO_PREVIOUS_VALUE = new Object();

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

    /**
     * The MDC seen by applicationClass, resolved once per request or scope (a ClassValue lookup is not free): the
     * calls below then go straight to its method handles.
     */
    public static Mdc of(Class<?> applicationClass) {
        return BY_LOADER.get(applicationClass);
    }

    /** Puts key=value and returns what to hand to {@link #restore}: for scopes that may nest (servlet filters). */
    public Object put(String key, String value) {
        if (put == null || key == null) {
            return null;
        }
        try {
            // invokeExact: the call site's type is the handle's own, so no adaptation runs (this is per request)
            String previous = (String) get.invokeExact(key);
            put.invokeExact(key, value);
            return previous == null ? NO_PREVIOUS_VALUE : previous;
        } catch (Throwable error) {
            Bulwark.reportError("mdc.put", error);
            return null;
        }
    }

    /** Undoes a {@link #put}: restores the previous value or removes the key. */
    public void restore(String key, Object previous) {
        if (previous == null || key == null) {
            return;
        }
        if (previous == NO_PREVIOUS_VALUE) {
            remove(key);
            return;
        }
        try {
            put.invokeExact(key, (String) previous);
        } catch (Throwable error) {
            Bulwark.reportError("mdc.restore", error);
        }
    }

    /**
     * Puts key=value without reading the value it replaces, for a scope that never nests in another of its kind (an
     * Undertow root handler); returns whether it was put, i.e. whether {@link #remove} is due.
     */
    public boolean set(String key, String value) {
        if (put == null || key == null) {
            return false;
        }
        try {
            put.invokeExact(key, value);
            return true;
        } catch (Throwable error) {
            Bulwark.reportError("mdc.put", error);
            return false;
        }
    }

    public void remove(String key) {
        try {
            remove.invokeExact(key);
        } catch (Throwable error) {
            Bulwark.reportError("mdc.remove", error);
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
