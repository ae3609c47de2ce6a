package io.bulwark.instrumentation;

import java.util.HashSet;
import java.util.Set;

/**
 * Which class files the {@link Weaver} describes and matches: only the {@link Candidates}; the others (nearly all)
 * are left unchanged without being parsed for the matchers.
 */
final class CandidateFilter {

    private static final ClassLoader PLATFORM_LOADER = ClassLoader.getPlatformClassLoader();
    private static final String AGENT_PACKAGES = "io/bulwark/";

    /** Internal names, as the JVM passes them ({@code io/undertow/server/Connectors}). */
    private final Set<String> classNames;
    private final DeclaredMethods methodNames;

    CandidateFilter(Candidates candidates) {
        Set<String> internalNames = new HashSet<>(); // a loop: a stream spins lambda classes in premain
        for (String name : candidates.classNames()) {
            internalNames.add(name.replace('.', '/'));
        }
        this.classNames = Set.copyOf(internalNames);
        this.methodNames = new DeclaredMethods(candidates.methods());
    }

    /** Whether the class file is one the libraries' hooks could apply to (see {@link #mayConcern}). */
    boolean isCandidate(ClassLoader loader, String internalName, byte[] classFile) {
        return mayConcern(loader, internalName) && classFile != null
            && (classNames.contains(internalName) || methodNames.declaresAny(classFile));
    }

    /**
     * The JDK's classes (boot and platform loaders), the agent's own and unnamed (hidden) classes are never the
     * agent's concern: a few thousand classes loaded after premain are passed over without reading their constant
     * pools.
     */
    static boolean mayConcern(ClassLoader loader, String internalName) {
        return loader != null && loader != PLATFORM_LOADER && internalName != null
            && !internalName.startsWith(AGENT_PACKAGES);
    }
}
