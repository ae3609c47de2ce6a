package io.bulwark.instrumentation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a class file must show for a library's hooks to possibly apply to it, checked on the raw bytes before the
 * class is parsed for the matchers: its name is one of {@code classNames}, or it is a class (not an interface)
 * declaring a non-abstract method of one of {@code methods} (name and parameters). Hooks only ever go into the bodies
 * of a class's own methods, so a class declaring none of them cannot be transformed, and nearly every class the
 * application loads is such a class. Each name appears once in its instrumentation, shared with its matcher, so the
 * two cannot drift apart.
 *
 * @param classNames binary names ({@code io.undertow.server.Connectors}) of classes matched by name
 * @param methods    advised methods of classes matched by what they implement
 */
public record Candidates(Set<String> classNames, List<AdvisedMethods> methods) {

    public Candidates {
        classNames = Set.copyOf(classNames);
        methods = List.copyOf(methods);
    }

    public static Candidates named(String... classNames) {
        return new Candidates(Set.of(classNames), List.of());
    }

    public static Candidates declaring(AdvisedMethods... methods) {
        for (AdvisedMethods advised : methods) {
            if (advised.parameters().isEmpty()) { // would match no method at all
                throw new IllegalArgumentException("no parameter list given for " + advised.names());
            }
        }
        return new Candidates(Set.of(), List.of(methods));
    }

    public Candidates and(Candidates other) {
        Set<String> classes = new HashSet<>(classNames);
        classes.addAll(other.classNames);
        List<AdvisedMethods> all = new ArrayList<>(methods);
        all.addAll(other.methods);
        return new Candidates(classes, all);
    }
}
