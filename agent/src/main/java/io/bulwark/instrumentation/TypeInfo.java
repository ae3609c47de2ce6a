package io.bulwark.instrumentation;

import java.util.List;

/**
 * What the matchers see of a class: read from its class file as it is loaded ({@link ClassFileType}), or from the
 * class itself when the agent, attached at run time, looks for loaded classes to retransform ({@link LoadedType}).
 */
public interface TypeInfo extends Element {

    /** The methods it declares, its static initialiser included when it has one. */
    List<MethodInfo> methods();

    /**
     * Whether it is, extends or implements the named class or interface (binary name), through any number of
     * super classes and interfaces. A super type that cannot be read (an optional dependency missing) counts as
     * none of them.
     */
    boolean hasSuperType(String name);
}
