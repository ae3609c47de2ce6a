package io.bulwark.instrumentation;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/** The matchers the instrumentations declare their classes and methods with. */
public final class Matchers {

    private Matchers() {
    }

    public static <T> Matcher<T> any() {
        return target -> true;
    }

    public static <T> Matcher<T> not(Matcher<T> matcher) {
        return target -> !matcher.matches(target);
    }

    /** A class by binary name ({@code io.undertow.server.Connectors}), or a method by name. */
    public static <T extends Element> Matcher<T> named(String name) {
        return element -> element.name().equals(name);
    }

    public static <T extends Element> Matcher<T> nameStartsWith(String prefix) {
        return element -> element.name().startsWith(prefix);
    }

    public static <T extends Element> Matcher<T> isAbstract() {
        return element -> (element.access() & Opcodes.ACC_ABSTRACT) != 0;
    }

    public static <T extends Element> Matcher<T> isStatic() {
        return element -> (element.access() & Opcodes.ACC_STATIC) != 0;
    }

    public static Matcher<TypeInfo> isInterface() {
        return type -> (type.access() & Opcodes.ACC_INTERFACE) != 0;
    }

    /** Classes that declare a method it matches (not counting inherited ones). */
    public static Matcher<TypeInfo> declaresMethod(Matcher<? super MethodInfo> method) {
        return type -> {
            for (MethodInfo declared : type.methods()) {
                if (method.matches(declared)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** See {@link TypeInfo#hasSuperType}. */
    public static Matcher<TypeInfo> hasSuperType(String name) {
        return type -> type.hasSuperType(name);
    }

    public static Matcher<MethodInfo> isTypeInitializer() {
        return method -> method.name().equals("<clinit>");
    }

    public static Matcher<MethodInfo> takesArguments(int count) {
        return method -> Type.getArgumentCount(method.descriptor()) == count;
    }

    /** Methods whose parameter at {@code index} (from 0) is of the type of that binary name. */
    public static Matcher<MethodInfo> takesArgument(int index, String typeName) {
        return method -> {
            String[] parameters = method.parameterTypes();
            return index < parameters.length && parameters[index].equals(typeName);
        };
    }
}
