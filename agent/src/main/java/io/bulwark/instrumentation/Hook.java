package io.bulwark.instrumentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the agent puts into an instrumented method: calls to public static methods of one helper class, woven in by
 * the {@link HookWeaver}. Every helper method takes its values as {@code Object} (it casts them itself), so that a
 * hook's bytecode never names a library type and its descriptor follows from the number of values alone:
 * <ul>
 *   <li>{@link #enter}: {@code static Object m(Object...)}, called first; its result is {@link Value#ENTERED}.</li>
 *   <li>{@link #replaceArgument}: {@code static Object m(Object...)}, whose result replaces an argument before the
 *       method's own code sees it.</li>
 *   <li>{@link #skipWhen}: {@code static boolean m(Object entered)}; true skips the method's own code (its result is
 *       then null, zero or false, unless the exit replaces it).</li>
 *   <li>{@link #exit}: {@code static void m(Object...)}, or {@code static Object m(Object...)} whose result replaces
 *       the return value ({@link #exitReplacingReturn}) or the throwable ({@link #exitReplacingThrown}; null: the
 *       method returns normally). It runs when the method returns, throws, or was skipped.</li>
 * </ul>
 * A throwable from any helper call is caught where the call is made: the application never sees one, and the method
 * runs as if that call had not been made (as Byte Buddy's {@code suppress = Throwable.class}).
 *
 * @param helper      the helper class's binary name (a class the agent makes visible where the hook is woven)
 * @param enter       null for none
 * @param replacements in order, after {@code enter}
 * @param skipWhen    the helper method that decides on skipping, null for never (needs an enter and an exit)
 * @param exit        null for none
 * @param exitResult  what the exit helper's result replaces
 */
public record Hook(String helper, Call enter, List<Replacement> replacements, String skipWhen, Call exit,
                   ExitResult exitResult) {

    /** What an exit helper's result replaces. */
    public enum ExitResult { NOTHING, RETURN_VALUE, THROWABLE }

    /** A helper method and the values passed to it, in order. */
    public record Call(String method, List<Value> values) {

        /** The helper method's descriptor: every value passed as an Object. */
        String descriptor(String returnDescriptor) {
            return "(" + "Ljava/lang/Object;".repeat(values.size()) + ")" + returnDescriptor;
        }
    }

    static final String OBJECT_RESULT = "Ljava/lang/Object;";
    static final String SKIP_DECISION = "(Ljava/lang/Object;)Z";
    static final String NO_RESULT = "V";

    /** A helper call whose result replaces an argument (a reference type) of the instrumented method. */
    public record Replacement(int argument, Call call) {
    }

    /** A value a helper call is given. */
    public record Value(Kind kind, int index, String name) {

        public enum Kind { THIS, ARGUMENT, FIELD, ENTERED, RETURNED, THROWN, METHOD_NAME, DECLARING_CLASS }

        /** The instance whose method this is. */
        public static final Value THIS = new Value(Kind.THIS, 0, null);
        /** The enter helper's result. */
        public static final Value ENTERED = new Value(Kind.ENTERED, 0, null);
        /** The value the method returns (exit only; a reference type). */
        public static final Value RETURNED = new Value(Kind.RETURNED, 0, null);
        /** The throwable the method throws, or null (exit only). */
        public static final Value THROWN = new Value(Kind.THROWN, 0, null);
        /** The method's name, a String. */
        public static final Value METHOD_NAME = new Value(Kind.METHOD_NAME, 0, null);
        /** The Class that declares the method. */
        public static final Value DECLARING_CLASS = new Value(Kind.DECLARING_CLASS, 0, null);

        /** An argument (a reference type); at exit, its value once the enter part has run. */
        public static Value argument(int index) {
            return new Value(Kind.ARGUMENT, index, null);
        }

        /** A field (a reference type) the instrumented class declares; enter only. */
        public static Value field(String name) {
            return new Value(Kind.FIELD, 0, name);
        }

        // Written out: a record's own equals and hashCode are linked through ObjectMethods on their first call,
        // which took ~15 ms of the application's start-up when the first class was woven.
        @Override
        public boolean equals(Object other) {
            return other instanceof Value value && kind == value.kind && index == value.index
                && Objects.equals(name, value.name);
        }

        @Override
        public int hashCode() {
            return (kind.ordinal() * 31 + index) * 31 + Objects.hashCode(name);
        }
    }

    public Hook {
        replacements = List.copyOf(replacements);
        for (Replacement replacement : replacements) {
            enterOnly(replacement.call());
        }
        if (enter != null) {
            enterOnly(enter);
        }
        if (exit != null) {
            for (Value value : exit.values()) {
                if (value.kind() == Value.Kind.FIELD) {
                    throw new IllegalArgumentException("a field is read at enter only: " + value.name());
                }
            }
        }
    }

    /** The helper methods the hook calls, each as its name and descriptor ({@code "refuses(Ljava/lang/Object;)Z"}). */
    public List<String> helperMethods() {
        List<String> methods = new ArrayList<>();
        if (enter != null) {
            methods.add(enter.method() + enter.descriptor(OBJECT_RESULT));
        }
        for (Replacement replacement : replacements) {
            methods.add(replacement.call().method() + replacement.call().descriptor(OBJECT_RESULT));
        }
        if (skipWhen != null) {
            methods.add(skipWhen + SKIP_DECISION);
        }
        if (exit != null) {
            methods.add(exit.method() + exit.descriptor(exitResult == ExitResult.NOTHING ? NO_RESULT : OBJECT_RESULT));
        }
        return methods;
    }

    /** A hook whose calls go to this helper class. */
    public static Hook into(String helper) {
        return new Hook(helper, null, List.of(), null, null, ExitResult.NOTHING);
    }

    public Hook enter(String method, Value... values) {
        return new Hook(helper, new Call(method, List.of(values)), replacements, skipWhen, exit, exitResult);
    }

    public Hook replaceArgument(int argument, String method, Value... values) {
        List<Replacement> more = new ArrayList<>(replacements);
        more.add(new Replacement(argument, new Call(method, List.of(values))));
        return new Hook(helper, enter, more, skipWhen, exit, exitResult);
    }

    public Hook skipWhen(String method) {
        return new Hook(helper, enter, replacements, method, exit, exitResult);
    }

    public Hook exit(String method, Value... values) {
        return new Hook(helper, enter, replacements, skipWhen, new Call(method, List.of(values)), ExitResult.NOTHING);
    }

    public Hook exitReplacingReturn(String method, Value... values) {
        return new Hook(helper, enter, replacements, skipWhen, new Call(method, List.of(values)),
            ExitResult.RETURN_VALUE);
    }

    public Hook exitReplacingThrown(String method, Value... values) {
        return new Hook(helper, enter, replacements, skipWhen, new Call(method, List.of(values)), ExitResult.THROWABLE);
    }

    private static void enterOnly(Call call) {
        for (Value value : call.values()) {
            if (value.kind() == Value.Kind.RETURNED || value.kind() == Value.Kind.THROWN) {
                throw new IllegalArgumentException(value.kind() + " is known at exit only (" + call.method() + ")");
            }
        }
    }
}
