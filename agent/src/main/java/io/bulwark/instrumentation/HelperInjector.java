package io.bulwark.instrumentation;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.ClassFileLocator;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Defines an instrumentation's helper classes (those that implement a library's interfaces) in the class loader of
 * the library they help, the first time a class of that library is transformed there. ClassLoader.defineClass is
 * made accessible by opening java.lang to the agent through the Instrumentation API, so no sun.misc.Unsafe is
 * needed (JDK 24+ warns about it on the application's console).
 */
public final class HelperInjector {

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

    /** A transformer that changes nothing but first makes sure the helpers exist in the transformed class's loader. */
    public AgentBuilder.Transformer helpers(String... classNames) {
        List<String> names = List.of(classNames);
        Set<ClassLoader> done = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
        return (builder, type, loader, module, protectionDomain) -> {
            if (loader != null && !done.contains(loader)) {
                define(loader, protectionDomain, names);
                done.add(loader);
            }
            return builder;
        };
    }

    private void define(ClassLoader loader, ProtectionDomain domain, List<String> names) {
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

    private static Method accessible(String name, Class<?>... parameters) throws NoSuchMethodException {
        Method method = ClassLoader.class.getDeclaredMethod(name, parameters);
        method.setAccessible(true);
        return method;
    }
}
