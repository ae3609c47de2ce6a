package io.bulwark.instrumentation;


import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Methods hooks go into, by name, parameter list and (optionally) return type, stated once for both the
 * pre-filter, which looks for them in raw class files (see {@link Candidates}), and the method matcher, so that
 * the two cannot drift apart. Naming the parameters keeps the many unrelated methods that share a name
 * ({@code execute(Runnable)} of every executor, {@code connect(String, int)} of network clients) from costing a parse
 * of their class and its super types; naming the return type does the same for those whose parameters are common too
 * ({@code getConnection()} of lettuce's command classes, each hundreds of generic methods implementing dozens of
 * interfaces, whose parse, with their super types', was once hot enough to be JIT-compiled during start-up).
 *
 * @param names      the methods' names
 * @param parameters how their descriptors begin, one per accepted parameter list: {@code (Ljava/lang/String;I)} is
 *                   exactly (String, int), {@code (Ljava/lang/String;} a String and then anything
 * @param returns    the descriptors of the return types accepted ({@code Ljava/sql/Connection;}, {@code Z}), any if
 *                   empty. A class overriding with a narrower return type also has a bridge method with the
 *                   interface's descriptor, which calls through the interface reach; the hook goes into that bridge.
 */
public record AdvisedMethods(Set<String> names, List<String> parameters, Set<String> returns) {

    public AdvisedMethods {
        names = Set.copyOf(names);
        parameters = List.copyOf(parameters);
        returns = Set.copyOf(returns);
    }

    /** Methods with one of these names; which parameter lists they take must follow ({@link #taking}). */
    public static AdvisedMethods named(String... names) {
        return new AdvisedMethods(Set.of(names), List.of(), Set.of());
    }

    /** Also those taking exactly these parameters: binary class names, primitives, arrays ({@code "int[]"}). */
    public AdvisedMethods taking(String... types) {
        return with(descriptorOf(types) + ")");
    }

    /** Also those whose first parameters are these, whatever follows. */
    public AdvisedMethods takingFirst(String... types) {
        return with(descriptorOf(types));
    }

    /** Only those returning one of these types (binary class names, primitives, arrays, {@code "void"}). */
    public AdvisedMethods returning(String... types) {
        Set<String> descriptors = new HashSet<>(returns);
        for (String type : types) {
            descriptors.add(typeDescriptor(type));
        }
        return new AdvisedMethods(names, parameters, descriptors);
    }

    public Matcher<MethodInfo> matcher() {
        return method -> names.contains(method.name()) && accepts(method.descriptor());
    }

    private boolean accepts(String descriptor) {
        return takes(descriptor) && (returns.isEmpty()
            || returns.contains(descriptor.substring(descriptor.lastIndexOf(')') + 1)));
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
        return new AdvisedMethods(names, lists, returns);
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
            case "void" -> "V";
            default -> "L" + type.replace('.', '/') + ";";
        };
    }
}
