package example.hooks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The helper class the {@code HookWeaverTest} hooks call: every hook method is {@code public static}, takes only
 * {@code Object}s (one overload per number of values) and records what it was given. Its state is static and lives
 * in the test's class loader, so the test reads what a woven class (defined in a child loader) passed to it.
 * What the helpers return, and whether they throw, is switched by the static fields below; {@link #reset()} restores
 * the defaults.
 */
public final class Calls {

    /** What {@code enter} returns (the hook's ENTERED). */
    public static final String ENTERED = "entered";

    /** The helpers called and the targets' bodies that ran ({@code "body:<name>"}), in order. */
    public static final List<String> events = new ArrayList<>();
    private static final Map<String, List<Object>> lastGiven = new HashMap<>();

    /** Helpers that throw a {@link HelperFailure} (after recording their call). */
    public static final Set<String> failing = new HashSet<>();
    /** What {@code refuses} answers. */
    public static boolean refuse;
    /** What {@code replace} returns. */
    public static Object replacement;
    /** What {@code replaceReturn} returns. */
    public static Object returnReplacement;
    /** What {@code replaceThrown} returns. */
    public static Object thrownReplacement;

    private Calls() {
    }

    public static void reset() {
        events.clear();
        lastGiven.clear();
        failing.clear();
        refuse = false;
        replacement = null;
        returnReplacement = null;
        thrownReplacement = null;
    }

    /** The values the helper was given at its last call. */
    public static List<Object> given(String helper) {
        List<Object> values = lastGiven.get(helper);
        if (values == null) {
            throw new AssertionError(helper + " was never called; events: " + events);
        }
        return values;
    }

    public static int count(String event) {
        return (int) events.stream().filter(event::equals).count();
    }

    /** Called by the targets' own code: shows whether, and when, a method's body ran. */
    public static void ran(String body) {
        events.add("body:" + body);
    }

    private static void called(String helper, Object... values) {
        events.add(helper);
        lastGiven.put(helper, Arrays.asList(values)); // values may be null
        if (failing.contains(helper)) {
            throw new HelperFailure(helper);
        }
    }

    /** Thrown by a helper told to fail: a woven method must never let it out. */
    public static final class HelperFailure extends RuntimeException {
        public HelperFailure(String helper) {
            super(helper + " fails");
        }
    }

    // enter: its result is ENTERED

    public static Object enter() {
        called("enter");
        return ENTERED;
    }

    public static Object enter(Object a) {
        called("enter", a);
        return ENTERED;
    }

    public static Object enter(Object a, Object b) {
        called("enter", a, b);
        return ENTERED;
    }

    public static Object enter(Object a, Object b, Object c) {
        called("enter", a, b, c);
        return ENTERED;
    }

    // replaceArgument

    public static Object replace(Object a) {
        called("replace", a);
        return replacement;
    }

    public static Object replace(Object a, Object b) {
        called("replace", a, b);
        return replacement;
    }

    /** A replacement that keeps the argument as it was. */
    public static Object same(Object a) {
        called("same", a);
        return a;
    }

    // skipWhen

    public static boolean refuses(Object entered) {
        called("refuses", entered);
        return refuse;
    }

    // exit

    public static void exit() {
        called("exit");
    }

    public static void exit(Object a) {
        called("exit", a);
    }

    public static void exit(Object a, Object b) {
        called("exit", a, b);
    }

    public static void exit(Object a, Object b, Object c) {
        called("exit", a, b, c);
    }

    public static void exit(Object a, Object b, Object c, Object d) {
        called("exit", a, b, c, d);
    }

    // exitReplacingReturn

    public static Object replaceReturn(Object a) {
        called("replaceReturn", a);
        return returnReplacement;
    }

    public static Object replaceReturn(Object a, Object b) {
        called("replaceReturn", a, b);
        return returnReplacement;
    }

    // exitReplacingThrown

    public static Object replaceThrown(Object a) {
        called("replaceThrown", a);
        return thrownReplacement;
    }

    public static Object replaceThrown(Object a, Object b) {
        called("replaceThrown", a, b);
        return thrownReplacement;
    }

    // two hooks on one method: each returns its own ENTERED

    public static Object outerEnter() {
        called("outerEnter");
        return "outer";
    }

    public static void outerExit(Object entered, Object returned) {
        called("outerExit", entered, returned);
    }

    public static Object innerEnter() {
        called("innerEnter");
        return "inner";
    }

    public static void innerExit(Object entered, Object returned) {
        called("innerExit", entered, returned);
    }
}
