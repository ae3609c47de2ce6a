package io.bulwark.instrumentation;

import io.bulwark.core.AgentLog;
import org.objectweb.asm.Opcodes;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's class file transformer: a class that is a {@link Candidates candidate} is described from its class
 * file ({@link ClassFileType}); every {@link Transformations.Transformation} that matches it has its helpers defined
 * beside it, and the {@link HookWeaver} weaves their hooks into its own methods (no new members, so classes can also
 * be retransformed). Byte Buddy did the matching before (its AgentBuilder, then its type pool): loading and running
 * its ~340 classes for some twenty candidate classes cost ~0.2 s of CPU at the sample service's start on one core.
 * A class it cannot transform is left as it was, with a warning; the application never sees an exception from here.
 */
public final class Weaver implements ClassFileTransformer {

    private final List<Transformations.Transformation> transformations;
    private final CandidateFilter candidates;
    private final Helpers helpers;
    /** Set while this thread transforms a class: classes loaded meanwhile (the agent's helpers) are left alone. */
    private final ThreadLocal<Boolean> weaving = new ThreadLocal<>();

    /** Defines a transformation's helper classes in the loader of the class it transforms. */
    public interface Helpers {
        void define(ClassLoader loader, ProtectionDomain domain, List<String> classNames);
    }

    public Weaver(Transformations transformations, Candidates candidates, Helpers helpers) {
        this.helpers = helpers;
        this.transformations = transformations.list();
        this.candidates = new CandidateFilter(candidates);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (!candidates.isCandidate(loader, internalName, classFile) || weaving.get() != null) {
            return null;
        }
        weaving.set(Boolean.TRUE);
        String typeName = internalName.replace('/', '.');
        try {
            return weave(loader, typeName, domain, classFile);
        } catch (Throwable error) {
            AgentLog.warn("could not instrument " + typeName + " (it runs unchanged): " + error);
            return null;
        } finally {
            weaving.remove();
        }
    }

    private byte[] weave(ClassLoader loader, String typeName, ProtectionDomain domain, byte[] classFile) {
        // the class's own bytes (they may differ from its class loader's resource when retransformed)
        TypeInfo type = ClassFileType.of(classFile, loader);
        if ((type.access() & Opcodes.ACC_SYNTHETIC) != 0) {
            return null;
        }
        Map<String, List<Hook>> hooks = new HashMap<>();
        for (Transformations.Transformation transformation : transformations) {
            if (transformation.appliesTo(loader, type)) {
                helpers.define(loader, domain, transformation.helpers());
                for (Transformations.MethodHook methodHook : transformation.hooks()) {
                    for (MethodInfo method : type.methods()) {
                        if (methodHook.methods().matches(method)) {
                            hooks.computeIfAbsent(method.name() + method.descriptor(),
                                key -> new ArrayList<>()).add(methodHook.hook());
                        }
                    }
                }
            }
        }
        if (hooks.isEmpty()) {
            return null;
        }
        byte[] woven = HookWeaver.weave(classFile, hooks);
        AgentLog.info("instrumented " + typeName + " in " + loader);
        return woven;
    }

    /**
     * Attached to a running JVM: retransforms the classes already loaded that a transformation matches (this weaver
     * must have been added as a retransformation-capable transformer). One class at a time, so that one the JVM
     * refuses costs only itself.
     */
    public void retransformLoaded(Instrumentation instrumentation) {
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (instrumentation.isModifiableClass(type) && matchesLoaded(type)) {
                try {
                    instrumentation.retransformClasses(type);
                } catch (Throwable error) {
                    AgentLog.warn("could not instrument the loaded " + type.getName() + " (it runs unchanged): " + error);
                }
            }
        }
    }

    private boolean matchesLoaded(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        if (!CandidateFilter.mayConcern(loader, type.getName().replace('.', '/')) || type.isArray() || type.isHidden()
            || type.isSynthetic()) {
            return false;
        }
        try {
            TypeInfo description = new LoadedType(type);
            for (Transformations.Transformation transformation : transformations) {
                if (transformation.appliesTo(loader, description)) {
                    return true;
                }
            }
        } catch (Throwable unreadable) {
            // e.g. a method signature naming a class its loader cannot find: not a class the agent instruments
        }
        return false;
    }
}
