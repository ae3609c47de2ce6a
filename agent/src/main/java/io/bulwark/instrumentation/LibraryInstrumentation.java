package io.bulwark.instrumentation;

/**
 * What the agent changes in one library: type matchers, advice and the helpers to inject beside the library. Each
 * instrumented library has one implementation in its own package; the agent applies them all at start-up.
 */
public interface LibraryInstrumentation {

    /** The name shown when the agent reports what it instruments. */
    String name();

    /** The class files this library's advice could apply to; no other class file reaches its matchers. */
    Candidates candidates();

    /**
     * Adds this library's transformations.
     *
     * @param transformations the transformations so far, to add to and return
     * @param helpers     defines helper classes in the library's class loader (see {@link HelperInjector#helpers})
     * @param advice      the agent's advice classes, to inline into the library's methods (see {@link Advices#on})
     */
    Transformations extend(Transformations transformations, HelperInjector helpers, Advices advice);
}
