package io.bulwark.instrumentation;

/** What the matchers of a class and of a method both look at. */
public interface Element {

    /** A class's binary name ({@code io.undertow.server.Connectors}); a method's name ({@code <clinit>} included). */
    String name();

    /** The class file's access flags ({@code Opcodes.ACC_*}). */
    int access();
}
