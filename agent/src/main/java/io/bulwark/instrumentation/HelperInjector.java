package io.bulwark.instrumentation;

import net.bytebuddy.dynamic.ClassFileLocator;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Defines an instrumentation's helper classes (those its hooks call) in the class loader of the library they help,
 * when a class of that library is transformed there, unless they are there already. ClassLoader.defineClass is made
 * accessible by opening java.lang to the agent through the Instrumentation API, so no sun.misc.Unsafe is needed
 * (JDK 24+ warns about it on the application's console).
 */
public final class HelperInjector implements Weaver.Helpers {

    private final Method defineClass;
    private final Method findLoadedClass;
    private final Method classLoadingLock;
    private final ClassFileLocator agentClasses;

    public HelperInjector(Instrumentation instrumentation, ClassFileLocator agentClasses) throws ReflectiveOperationException {
        instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
            Map.of("java.lang", Set.of(HelperInjector.class.getModule())), Set.of(), Map.of());
        defineClass = accessible("defineClass", String.class, byte[].class, int.class, int.class, ProtectionDomain.class);
        findLoadedClass = accessible("findLoadedClass", String.class);
        classLoadingLock = accessible("getClassLoadingLock", String.class);
        this.agentClasses = agentClasses;
    }

    /** Makes sure the helpers exist in this class loader (the bootstrap loader's classes need none). */
    @Override
    public void define(ClassLoader loader, ProtectionDomain domain, List<String> names) {
        if (loader == null) {
            return;
        }
        try {
            for (String name : names) {
                synchronized (classLoadingLock.invoke(loader, name)) {
                    if (findLoadedClass.invoke(loader, name) == null) {
                        byte[] bytes = agentClasses.locate(name).resolve();
                        defineClass.invoke(loader, name, bytes, 0, bytes.length, domain);
                    }
                }
            }
        } catch (ReflectiveOperationException | IOException error) {
            throw new IllegalStateException("cannot define the agent's helper classes in " + loader, error);
        }
    }

    /** Defines a class made at run time in this class loader, unless one of that name is there already; returns it. */
    public Class<?> defineMade(ClassLoader loader, String name, Supplier<byte[]> bytes) throws ReflectiveOperationException {
        synchronized (classLoadingLock.invoke(loader, name)) {
            Class<?> known = (Class<?>) findLoadedClass.invoke(loader, name);
            if (known != null) {
                return known;
            }
            byte[] made = bytes.get();
            return (Class<?>) defineClass.invoke(loader, name, made, 0, made.length, null);
        }
    }

    private static Method accessible(String name, Class<?>... parameters) throws NoSuchMethodException {
        Method method = ClassLoader.class.getDeclaredMethod(name, parameters);
        method.setAccessible(true);
        return method;
    }
}
