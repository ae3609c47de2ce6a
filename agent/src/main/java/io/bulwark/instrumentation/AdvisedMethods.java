package io.bulwark.instrumentation;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

/**
 * Methods advice goes into, by name and parameter list, stated once for both the pre-filter, which looks for them in
 * raw class files (see {@link Candidates}), and the Byte Buddy matcher, so that the two cannot drift apart. Naming the
 * parameters keeps the many unrelated methods that share a name ({@code execute(Runnable)} of every executor,
 * {@code connect(String, int)} of network clients) from costing a parse of their class and its super types.
 *
 * @param names      the methods' names
 * @param parameters how their descriptors begin, one per accepted parameter list: {@code (Ljava/lang/String;I)} is
 *                   exactly (String, int), {@code (Ljava/lang/String;} a String and then anything
 */
public record AdvisedMethods(Set<String> names, List<String> parameters) {

    public AdvisedMethods {
        names = Set.copyOf(names);
        parameters = List.copyOf(parameters);
    }

    /** Methods with one of these names; which parameter lists they take must follow ({@link #taking}). */
    public static AdvisedMethods named(String... names) {
        return new AdvisedMethods(Set.of(names), List.of());
    }

    /** Also those taking exactly these parameters: binary class names, primitives, arrays ({@code "int[]"}). */
    public AdvisedMethods taking(String... types) {
        return with(descriptorOf(types) + ")");
    }

    /** Also those whose first parameters are these, whatever follows. */
    public AdvisedMethods takingFirst(String... types) {
        return with(descriptorOf(types));
    }

    public ElementMatcher.Junction<MethodDescription> matcher() {
        return namedOneOf(names.toArray(String[]::new)).and(method -> takes(method.getDescriptor()));
    }

    private boolean takes(String descriptor) {
        for (String parameterList : parameters) {
            if (descriptor.startsWith(parameterList)) {
                return true;
            }
        }
        return false;
    }

    private AdvisedMethods with(String parameterList) {
        List<String> lists = new ArrayList<>(parameters);
        lists.add(parameterList);
        return new AdvisedMethods(names, lists);
    }

    private static String descriptorOf(String... types) {
        StringBuilder descriptor = new StringBuilder("(");
        for (String type : types) {
            descriptor.append(typeDescriptor(type));
        }
        return descriptor.toString();
    }

    static String typeDescriptor(String type) {
        if (type.endsWith("[]")) {
            return "[" + typeDescriptor(type.substring(0, type.length() - 2));
        }
        return switch (type) {
            case "boolean" -> "Z";
            case "byte" -> "B";
            case "char" -> "C";
            case "short" -> "S";
            case "int" -> "I";
            case "long" -> "J";
            case "float" -> "F";
            case "double" -> "D";
            default -> "L" + type.replace('.', '/') + ";";
        };
    }
}
