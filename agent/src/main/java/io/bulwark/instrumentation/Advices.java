package io.bulwark.instrumentation;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's advice classes, each read and resolved once per class loader it is applied in. Byte Buddy's
 * AgentBuilder.Transformer.ForAdvice resolves an advice again for every class it transforms, with a new type pool
 * that reads the advice and Byte Buddy's own annotation types out of the agent's jar each time (~0.19 s of the
 * sample service's start-up for its 18 classes). An advice's type references are resolved in the agent's classes
 * first, then in the loader it is applied in; that loader is only weakly held, so a resolved advice never keeps a
 * web application's class loader alive.
 */
public final class Advices {

    private final ClassFileLocator agentClasses;
    private final Map<ClassLoader, InLoader> byLoader = Collections.synchronizedMap(new WeakHashMap<>());

    public Advices(ClassFileLocator agentClasses) {
        this.agentClasses = agentClasses;
    }

    /**
     * A step that inlines an advice class into the transformed class's own methods that the matcher selects.
     *
     * @param adviceName the advice class's name (by name, so that an advice naming a library's types is never loaded)
     */
    public AgentBuilder.Transformer on(ElementMatcher<? super MethodDescription> methods, String adviceName) {
        return (builder, type, loader, module, domain) -> builder.visit(resolve(loader, adviceName).on(methods));
    }

    private Advice resolve(ClassLoader loader, String adviceName) {
        // creating an InLoader reads nothing, so it may happen under the map's lock
        InLoader inLoader = byLoader.computeIfAbsent(loader, key -> new InLoader(new ClassFileLocator.Compound(
            agentClasses, ClassFileLocator.ForClassLoader.WeaklyReferenced.of(key))));
        return inLoader.advice(adviceName);
    }

    /** The advice resolved for one class loader, with the type pool they share. */
    private static final class InLoader {

        private final ClassFileLocator classes;
        private final TypePool pool;
        private final Map<String, Advice> advice = new ConcurrentHashMap<>();

        InLoader(ClassFileLocator classes) {
            this.classes = classes;
            this.pool = new TypePool.Default.WithLazyResolution(TypePool.CacheProvider.Simple.withObjectType(),
                classes, TypePool.Default.ReaderMode.FAST);
        }

        Advice advice(String adviceName) {
            Advice resolved = advice.get(adviceName);
            if (resolved == null) { // resolved outside a lock: at worst twice, the same result
                resolved = Advice.to(pool.describe(adviceName).resolve(), classes);
                advice.putIfAbsent(adviceName, resolved);
            }
            return resolved;
        }
    }
}
