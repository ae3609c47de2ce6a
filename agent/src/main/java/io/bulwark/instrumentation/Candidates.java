package io.bulwark.instrumentation;

import java.util.HashSet;
import java.util.Set;

/**
 * What a class file must show for a library's advice to possibly apply to it, checked on the raw bytes before Byte
 * Buddy parses the class: its name is one of {@code classNames}, or it is a class (not an interface) declaring a
 * non-abstract method named one of {@code methodNames}. Advice only ever applies to the bodies of a class's own
 * methods, so a class declaring none of them cannot be transformed, and nearly every class the application loads is
 * such a class. Each name appears once in its
 * instrumentation, shared with its matcher, so the two cannot drift apart.
 *
 * @param classNames  binary names ({@code io.undertow.server.Connectors}) of classes matched by name
 * @param methodNames names of advised methods on classes matched by what they implement
 */
public record Candidates(Set<String> classNames, Set<String> methodNames) {

    public Candidates {
        classNames = Set.copyOf(classNames);
        methodNames = Set.copyOf(methodNames);
    }

    public static Candidates named(String... classNames) {
        return new Candidates(Set.of(classNames), Set.of());
    }

    public static Candidates declaring(String... methodNames) {
        return new Candidates(Set.of(), Set.of(methodNames));
    }

    public Candidates and(Candidates other) {
        Set<String> classes = new HashSet<>(classNames);
        classes.addAll(other.classNames);
        Set<String> methods = new HashSet<>(methodNames);
        methods.addAll(other.methodNames);
        return new Candidates(classes, methods);
    }
}
