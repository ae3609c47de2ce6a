package io.bulwark.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Function;

/**
 * The application's own SLF4J MDC, found through the class loader of an application class, because the
 * application's SLF4J may live in any class loader (the agent's own copy, relocated, is not it). When SLF4J is absent
 * it does nothing.
 *
 * <p>Once the agent has started, the calls go through a small class it makes in the MDC class's own loader, which
 * calls the MDC directly, so the JIT inlines the application's MDC into the agent's calls. Method handles, used
 * until then (or if that class cannot be made), are not inlined from a field: every call passes through two adapter
 * frames.
 */
public final class Mdc {

    /** The application's MDC: its static methods, called through an instance. */
    public interface Access {
        String get(String key);

        void put(String key, String value);

        void remove(String key);
    }

    /** Returned by {@link #put} when the key had no previous value. */
    private static final Object NO_PREVIOUS_VALUE = new Object();

    private static final ClassValue<Mdc> BY_LOADER = new ClassValue<>() {
        @Override
        protected Mdc computeValue(Class<?> type) {
            return locate(type.getClassLoader());
        }
    };

    private static final Mdc ABSENT = new Mdc(null);
    /**
     * Assembled at run time: the shade plugin rewrites string constants that start with org.slf4j (the agent's own
     * copy is relocated), which would point this at the agent's SLF4J instead of the application's.
     */
    private static final String MDC_CLASS = String.join(".", "org", "slf4j", "MDC");

    /** Makes the direct {@link Access} for an MDC class, or returns null; installed by the agent. */
    private static volatile Function<Class<?>, Access> direct = mdcClass -> null;

    private final Access access;

    private Mdc(Access access) {
        this.access = access;
    }

    /** Mdc instances found after this call use {@code maker}'s direct access when it makes one. */
    public static void installDirectAccess(Function<Class<?>, Access> maker) {
        direct = maker;
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
        if (access == null || key == null) {
            return null;
        }
        try {
            String previous = access.get(key);
            access.put(key, value);
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
            access.put(key, (String) previous);
        } catch (Throwable error) {
            Bulwark.reportError("mdc.restore", error);
        }
    }

    /**
     * Puts key=value without reading the value it replaces, for a scope that never nests in another of its kind (an
     * Undertow root handler); {@link #remove} undoes it.
     */
    public void set(String key, String value) {
        if (access == null || key == null) {
            return;
        }
        try {
            access.put(key, value);
        } catch (Throwable error) {
            Bulwark.reportError("mdc.put", error);
        }
    }

    public void remove(String key) {
        if (access == null || key == null) {
            return;
        }
        try {
            access.remove(key);
        } catch (Throwable error) {
            Bulwark.reportError("mdc.remove", error);
        }
    }

    private static Mdc locate(ClassLoader loader) {
        try {
            Class<?> mdcClass = Class.forName(MDC_CLASS, true, loader);
            Access made = null;
            try {
                made = direct.apply(mdcClass);
            } catch (RuntimeException | LinkageError error) {
                Bulwark.reportError("mdc.direct", error);
            }
            return new Mdc(made != null ? made : Handles.of(mdcClass));
        } catch (ClassNotFoundException | LinkageError absent) {
            return ABSENT;
        } catch (ReflectiveOperationException error) {
            Bulwark.reportError("mdc.locate", error);
            return ABSENT;
        }
    }

    /** The MDC through method handles. */
    private record Handles(MethodHandle get, MethodHandle put, MethodHandle remove) implements Access {

        static Handles of(Class<?> mdcClass) throws ReflectiveOperationException {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            return new Handles(
                lookup.findStatic(mdcClass, "get", MethodType.methodType(String.class, String.class)),
                lookup.findStatic(mdcClass, "put", MethodType.methodType(void.class, String.class, String.class)),
                lookup.findStatic(mdcClass, "remove", MethodType.methodType(void.class, String.class)));
        }

        // invokeExact: the call site's type is the handle's own, so no adaptation runs; MDC throws nothing checked

        @Override
        public String get(String key) {
            try {
                return (String) get.invokeExact(key);
            } catch (Throwable error) {
                throw unchecked(error);
            }
        }

        @Override
        public void put(String key, String value) {
            try {
                put.invokeExact(key, value);
            } catch (Throwable error) {
                throw unchecked(error);
            }
        }

        @Override
        public void remove(String key) {
            try {
                remove.invokeExact(key);
            } catch (Throwable error) {
                throw unchecked(error);
            }
        }

        private static RuntimeException unchecked(Throwable error) {
            if (error instanceof Error fatal) {
                throw fatal;
            }
            return error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error);
        }
    }
}
