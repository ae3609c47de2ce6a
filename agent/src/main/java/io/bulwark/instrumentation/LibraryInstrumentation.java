package io.bulwark.instrumentation;

/**
 * What the agent changes in one library: type matchers, hooks and the helpers to inject beside the library. Each
 * instrumented library has one implementation in its own package; the agent applies them all at start-up.
 */
public interface LibraryInstrumentation {

    /** The name shown when the agent reports what it instruments. */
    String name();

    /** The class files this library's hooks could apply to; no other class file reaches its matchers. */
    Candidates candidates();

    /**
     * Adds this library's transformations.
     *
     * @param transformations the transformations so far, to add to and return
     */
    Transformations extend(Transformations transformations);
}
