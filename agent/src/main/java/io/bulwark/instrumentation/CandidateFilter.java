package io.bulwark.instrumentation;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Stands in front of Byte Buddy's transformer and hands it only the class files that are {@link Candidates}; the
 * others (nearly all) are left unchanged without Byte Buddy parsing them to run its matchers.
 */
public final class CandidateFilter extends ResettableClassFileTransformer.WithDelegation {

    private static final ClassLoader PLATFORM_LOADER = ClassLoader.getPlatformClassLoader();

    /** Internal names, as the JVM passes them ({@code io/undertow/server/Connectors}). */
    private final Set<String> classNames;
    private final DeclaredMethods methodNames;

    private CandidateFilter(ResettableClassFileTransformer byteBuddy, Candidates candidates) {
        super(byteBuddy);
        this.classNames = candidates.classNames().stream().map(name -> name.replace('.', '/'))
            .collect(Collectors.toUnmodifiableSet());
        this.methodNames = new DeclaredMethods(candidates.methodNames());
    }

    public static AgentBuilder.TransformerDecorator of(Candidates candidates) {
        return byteBuddy -> new CandidateFilter(byteBuddy, candidates);
    }

    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                            byte[] classFile) throws IllegalClassFormatException {
        return isCandidate(loader, name, classFile)
            ? classFileTransformer.transform(loader, name, redefined, domain, classFile)
            : null;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
        return isCandidate(loader, name, classFile)
            ? classFileTransformer.transform(module, loader, name, redefined, domain, classFile)
            : null;
    }

    /**
     * The JDK's classes (boot and platform loaders; Byte Buddy would ignore them too, see Instrumentations) and
     * unnamed (hidden) classes are never the agent's concern: a few thousand classes loaded after premain are passed
     * over without reading their constant pools.
     */
    boolean isCandidate(ClassLoader loader, String internalName, byte[] classFile) {
        return loader != null && loader != PLATFORM_LOADER && internalName != null && classFile != null
            && (classNames.contains(internalName) || methodNames.declaresAny(classFile));
    }
}
