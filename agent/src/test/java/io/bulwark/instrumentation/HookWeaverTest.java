package io.bulwark.instrumentation;

import example.hooks.Calls;
import example.hooks.Flow;
import example.hooks.Initialised;
import example.hooks.Legacy;
import example.hooks.Target;
import io.bulwark.instrumentation.Hook.Value;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.bulwark.instrumentation.Hook.Value.DECLARING_CLASS;
import static io.bulwark.instrumentation.Hook.Value.ENTERED;
import static io.bulwark.instrumentation.Hook.Value.METHOD_NAME;
import static io.bulwark.instrumentation.Hook.Value.RETURNED;
import static io.bulwark.instrumentation.Hook.Value.THIS;
import static io.bulwark.instrumentation.Hook.Value.THROWN;
import static io.bulwark.instrumentation.Hook.Value.argument;
import static io.bulwark.instrumentation.Hook.Value.field;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The {@link HookWeaver}: a woven class is defined alone in a child class loader (so the JVM verifies it when it is
 * linked: a wrong stack map frame fails as a VerifyError), its methods are called by reflection, and the helper
 * class {@link Calls}, shared with the test through the parent loader, records what the hooks were given.
 */
class HookWeaverTest {

    private static final ClassLoader APP = HookWeaverTest.class.getClassLoader();

    @BeforeEach
    void resetCalls() {
        Calls.reset();
    }

    // 1. enter and exit

    @Test
    void enterAndExitSeeTheInstanceTheArgumentsAndTheOutcome() throws Throwable {
        Woven target = weave(Target.class, "greet",
            hook().enter("enter", THIS, argument(0)).exit("exit", THIS, ENTERED, RETURNED, THROWN));

        assertEquals("hello world", target.call("greet", "world"));

        assertEquals(List.of("enter", "body:greet", "exit"), Calls.events);
        assertEquals(values(target.instance(), "world"), Calls.given("enter"));
        assertEquals(values(target.instance(), Calls.ENTERED, "hello world", null), Calls.given("exit"));
    }

    // 2. replacing the outcome

    @Test
    void exitReplacingReturnReplacesTheReturnValue() throws Throwable {
        Woven target = weave(Target.class, "greet", hook().exitReplacingReturn("replaceReturn", RETURNED));
        Calls.returnReplacement = "replaced";

        assertEquals("replaced", target.call("greet", "world"));
        assertEquals(values("hello world"), Calls.given("replaceReturn"));

        Calls.returnReplacement = null; // null is a result like any other
        assertNull(target.call("greet", "world"));
    }

    @Test
    void exitReplacingReturnCastsToAnArrayReturnType() throws Throwable {
        Woven target = weave(Target.class, "split", hook().exitReplacingReturn("replaceReturn", RETURNED));
        Calls.returnReplacement = new String[] {"replaced"};

        assertArrayEquals(new String[] {"replaced"}, (String[]) target.call("split", "a,b"));
        assertArrayEquals(new String[] {"a", "b"}, (String[]) Calls.given("replaceReturn").get(0));
    }

    @Test
    void exitReplacingReturnLeavesTheMethodsThrowableAlone() {
        Woven target = weave(Target.class, "fail", hook().exitReplacingReturn("replaceReturn", RETURNED, THROWN));
        Calls.returnReplacement = "replaced";

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> target.call("fail", "boom"));
        assertEquals(values(null, thrown), Calls.given("replaceReturn"));
    }

    @Test
    void exitReplacingThrownTurnsAReturnIntoAThrow() {
        Woven target = weave(Target.class, "greet", hook().exitReplacingThrown("replaceThrown", RETURNED, THROWN));
        IllegalStateException replacement = new IllegalStateException("refused");
        Calls.thrownReplacement = replacement;

        assertSame(replacement, assertThrows(IllegalStateException.class, () -> target.call("greet", "world")));
        assertEquals(values("hello world", null), Calls.given("replaceThrown"));
    }

    @Test
    void exitReplacingThrownTurnsAThrowIntoAReturnOfNullOrZero() throws Throwable {
        Map<String, List<Hook>> hooks = new HashMap<>();
        hooks.put(key(Target.class, "fail"), List.of(hook().exitReplacingThrown("replaceThrown", THROWN)));
        hooks.put(key(Target.class, "parse"), List.of(hook().exitReplacingThrown("replaceThrown", THROWN)));
        Woven target = weave(Target.class, hooks);

        assertNull(target.call("fail", "boom"));
        assertEquals("boom", ((IllegalStateException) Calls.given("replaceThrown").get(0)).getMessage());

        assertEquals(0, target.call("parse", "not a number"));
        assertEquals(NumberFormatException.class, Calls.given("replaceThrown").get(0).getClass());
        assertEquals(12, target.call("parse", "12"), "a method that returns is left alone");
    }

    @Test
    void exitReplacingThrownReplacesOneThrowableWithAnother() {
        Woven target = weave(Target.class, "fail", hook().exitReplacingThrown("replaceThrown", THROWN));
        UnsupportedOperationException replacement = new UnsupportedOperationException("other");
        Calls.thrownReplacement = replacement;

        assertSame(replacement, assertThrows(UnsupportedOperationException.class, () -> target.call("fail", "boom")));
    }

    // 3. replacing arguments

    @Test
    void aReplacedArgumentIsWhatTheMethodAndTheExitSee() throws Throwable {
        Woven target = weave(Target.class, "echo",
            hook().replaceArgument(0, "replace", argument(0)).exit("exit", argument(0), RETURNED));
        Calls.replacement = "replaced";

        assertEquals("replaced", target.call("echo", "original"));
        assertEquals(values("original"), Calls.given("replace"));
        assertEquals(values("replaced", "replaced"), Calls.given("exit"));
    }

    @Test
    void anArgumentAfterWideOnesIsReadAndReplacedInItsOwnSlot() throws Throwable {
        // describe(long, double, String): argument 2 is in local slot 5 (this, 2 + 2 for the wide ones)
        Woven target = weave(Target.class, "describe",
            hook().enter("enter", argument(2)).replaceArgument(2, "replace", THIS, argument(2))
                .exit("exit", argument(2), RETURNED, THIS));
        Calls.replacement = "replaced";

        assertEquals("7/2.5/replaced", target.call("describe", 7L, 2.5, "original"));
        assertEquals(values("original"), Calls.given("enter"));
        assertEquals(values(target.instance(), "original"), Calls.given("replace"));
        assertEquals(values("replaced", "7/2.5/replaced", target.instance()), Calls.given("exit"));
    }

    @Test
    void anArgumentReplacedWithNullIsNull() throws Throwable {
        Woven target = weave(Target.class, "echo", hook().replaceArgument(0, "replace", argument(0)));
        Calls.replacement = null;

        assertNull(target.call("echo", "original"));
    }

    // 4. skipping

    static Stream<Arguments> defaultResults() {
        return Stream.of(
            Arguments.of("intValue", 0),
            Arguments.of("longValue", 0L),
            Arguments.of("booleanValue", false),
            Arguments.of("doubleValue", 0.0),
            Arguments.of("stringValue", null),
            Arguments.of("voidValue", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaultResults")
    void aSkippedMethodsBodyDoesNotRunAndItReturnsTheDefault(String method, Object expected) throws Throwable {
        Woven target = weave(Target.class, method,
            hook().enter("enter").skipWhen("refuses").exit("exit", ENTERED, THROWN));
        Calls.refuse = true;

        assertEquals(expected, target.call(method));

        assertEquals(List.of("enter", "refuses", "exit"), Calls.events, "no body:" + method);
        assertEquals(values(Calls.ENTERED), Calls.given("refuses"));
        assertEquals(values(Calls.ENTERED, null), Calls.given("exit"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaultResults")
    void aMethodThatIsNotSkippedRuns(String method, Object unusedDefault) throws Throwable {
        Woven target = weave(Target.class, method,
            hook().enter("enter").skipWhen("refuses").exit("exit", ENTERED, THROWN));
        Calls.refuse = false;

        Object result = target.call(method);
        assertEquals(List.of("enter", "refuses", "body:" + method, "exit"), Calls.events);
        assertEquals(invoke(Target.class, new Target(), method), result, "as the original returns");
    }

    @Test
    void anExitReplacesASkippedMethodsResult() throws Throwable {
        Woven target = weave(Target.class, "stringValue",
            hook().enter("enter").skipWhen("refuses").exitReplacingReturn("replaceReturn", RETURNED));
        Calls.refuse = true;
        Calls.returnReplacement = "instead";

        assertEquals("instead", target.call("stringValue"));
        assertEquals(values((Object) null), Calls.given("replaceReturn"));
        assertFalse(Calls.events.contains("body:stringValue"));
    }

    @Test
    void anExitThrowsInsteadOfASkippedMethod() {
        // how the agent refuses a call: skip it, and throw from the exit
        Woven target = weave(Target.class, "intValue",
            hook().enter("enter").skipWhen("refuses").exitReplacingThrown("replaceThrown", ENTERED, THROWN));
        Calls.refuse = true;
        IllegalStateException refused = new IllegalStateException("refused");
        Calls.thrownReplacement = refused;

        assertSame(refused, assertThrows(IllegalStateException.class, () -> target.call("intValue")));
        assertEquals(values(Calls.ENTERED, null), Calls.given("replaceThrown"));
        assertFalse(Calls.events.contains("body:intValue"));
    }

    // 5. exceptions

    @Test
    void theMethodsOwnThrowableReachesTheCallerAndTheExitSeesIt() {
        Woven target = weave(Target.class, "fail",
            hook().enter("enter", argument(0)).exit("exit", RETURNED, THROWN));

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> target.call("fail", "boom"));

        assertEquals("boom", thrown.getMessage());
        assertEquals(values(null, thrown), Calls.given("exit"));
        assertEquals(List.of("enter", "body:fail", "exit"), Calls.events);
    }

    @Test
    void aFailingEnterIsIgnored() throws Throwable {
        Woven target = weave(Target.class, "greet", hook().enter("enter").exit("exit", ENTERED, RETURNED));
        Calls.failing.add("enter");

        assertEquals("hello world", target.call("greet", "world"));
        assertEquals(values(null, "hello world"), Calls.given("exit"), "no ENTERED, the exit still runs");
    }

    @Test
    void aFailingReplacementLeavesTheArgumentAsItWas() throws Throwable {
        Woven target = weave(Target.class, "echo", hook().replaceArgument(0, "replace", argument(0)));
        Calls.failing.add("replace");
        Calls.replacement = "replaced";

        assertEquals("original", target.call("echo", "original"));
    }

    @Test
    void aReplacementOfTheWrongTypeLeavesTheArgumentAsItWas() throws Throwable {
        Woven target = weave(Target.class, "echo", hook().replaceArgument(0, "replace", argument(0)));
        Calls.replacement = 42; // not a String: the cast fails inside the hook

        assertEquals("original", target.call("echo", "original"));
    }

    @Test
    void aFailingSkipWhenDoesNotSkip() throws Throwable {
        Woven target = weave(Target.class, "intValue", hook().enter("enter").skipWhen("refuses").exit("exit"));
        Calls.refuse = true;
        Calls.failing.add("refuses");

        assertEquals(42, target.call("intValue"));
        assertEquals(List.of("enter", "refuses", "body:intValue", "exit"), Calls.events);
    }

    @Test
    void aFailingExitLeavesTheOutcomeAsItWas() throws Throwable {
        Map<String, List<Hook>> hooks = new HashMap<>();
        hooks.put(key(Target.class, "greet"), List.of(hook().exit("exit", RETURNED)));
        hooks.put(key(Target.class, "fail"), List.of(hook().exit("exit", THROWN)));
        Woven target = weave(Target.class, hooks);
        Calls.failing.add("exit");

        assertEquals("hello world", target.call("greet", "world"));
        assertEquals("boom", assertThrows(IllegalStateException.class, () -> target.call("fail", "boom")).getMessage());
    }

    @Test
    void aFailingOrMistypedReturnReplacementLeavesTheReturnValue() throws Throwable {
        Woven target = weave(Target.class, "greet", hook().exitReplacingReturn("replaceReturn", RETURNED));
        Calls.returnReplacement = "replaced";
        Calls.failing.add("replaceReturn");
        assertEquals("hello world", target.call("greet", "world"));

        Calls.failing.clear();
        Calls.returnReplacement = 42; // not a String
        assertEquals("hello world", target.call("greet", "world"));
    }

    @Test
    void aFailingOrMistypedThrownReplacementLeavesTheOutcome() throws Throwable {
        Map<String, List<Hook>> hooks = new HashMap<>();
        hooks.put(key(Target.class, "greet"), List.of(hook().exitReplacingThrown("replaceThrown", THROWN)));
        hooks.put(key(Target.class, "fail"), List.of(hook().exitReplacingThrown("replaceThrown", THROWN)));
        Woven target = weave(Target.class, hooks);
        Calls.thrownReplacement = new UnsupportedOperationException("replaced");
        Calls.failing.add("replaceThrown");

        assertEquals("hello world", target.call("greet", "world"));
        assertEquals("boom", assertThrows(IllegalStateException.class, () -> target.call("fail", "boom")).getMessage());

        Calls.failing.clear();
        Calls.thrownReplacement = "not a throwable";
        assertEquals("hello world", target.call("greet", "world"));
        assertEquals("boom", assertThrows(IllegalStateException.class, () -> target.call("fail", "boom")).getMessage());
    }

    @Test
    void aFailingEnterDoesNotCancelTheReplacementsAfterIt() throws Throwable {
        // Hook: "A throwable from any helper call is caught where the call is made ... the method runs as if that
        // call had not been made": the replacement is a call of its own, and is still made
        Woven target = weave(Target.class, "echo", hook().enter("enter").replaceArgument(0, "replace", argument(0)));
        Calls.failing.add("enter");
        Calls.replacement = "replaced";

        assertEquals("replaced", target.call("echo", "original"));
    }

    @Test
    void aFailingReplacementDoesNotCancelTheSkip() throws Throwable {
        // the servlet hooks' shape (enter, replaceArgument, skipWhen): a failing replacement must not let a call
        // through that skipWhen refuses
        Woven target = weave(Target.class, "echo",
            hook().enter("enter").replaceArgument(0, "replace", argument(0)).skipWhen("refuses").exit("exit"));
        Calls.failing.add("replace");
        Calls.refuse = true;

        assertNull(target.call("echo", "original"));
        assertFalse(Calls.events.contains("body:echo"), Calls.events.toString());
    }

    // 6. frames: control flow of every kind, woven with hooks of every shape

    /** Hooks of one shape, made to fit any method. */
    enum Shape {
        ENTER_AND_EXIT(1, method -> List.of(hook().enter("enter", METHOD_NAME, DECLARING_CLASS)
            .exit("exit", ENTERED, THROWN))),
        EXIT_ONLY(1, method -> List.of(hook().exit("exit", METHOD_NAME, THROWN))),
        ENTER_ONLY(0, method -> List.of(hook().enter("enter", METHOD_NAME))),
        /** No exit: an argument replaced (the method's first reference one), else an enter. */
        PROLOGUE_ONLY(0, Shape::prologueOnly),
        SKIPPABLE(1, method -> List.of(hook().enter("enter").skipWhen("refuses").exit("exit", ENTERED, THROWN))),
        /** Every kind of value the method allows: the instance, a reference argument replaced, the return value. */
        ALL_VALUES(1, Shape::allValues),
        TWO_HOOKS(2, method -> List.of(ENTER_AND_EXIT.hookFor(method), ALL_VALUES.hookFor(method))),
        PROLOGUE_THEN_FULL(1, method -> List.of(PROLOGUE_ONLY.hookFor(method), ALL_VALUES.hookFor(method))),
        FULL_THEN_PROLOGUE(1, method -> List.of(ALL_VALUES.hookFor(method), PROLOGUE_ONLY.hookFor(method)));

        final int exitsPerCall;
        final Function<Method, List<Hook>> hooks;

        Shape(int exitsPerCall, Function<Method, List<Hook>> hooks) {
            this.exitsPerCall = exitsPerCall;
            this.hooks = hooks;
        }

        /** The shape's one hook. */
        Hook hookFor(Method method) {
            return hooks.apply(method).get(0);
        }

        private static List<Hook> prologueOnly(Method method) {
            int reference = firstReferenceArgument(method);
            return List.of(reference >= 0 ? hook().replaceArgument(reference, "same", argument(reference))
                : hook().enter("enter", METHOD_NAME));
        }

        private static List<Hook> allValues(Method method) {
            Value self = Modifier.isStatic(method.getModifiers()) ? METHOD_NAME : THIS;
            int reference = firstReferenceArgument(method);
            Value argument = reference >= 0 ? argument(reference) : DECLARING_CLASS;
            Value returned = method.getReturnType().isPrimitive() ? METHOD_NAME : RETURNED;
            Hook hook = hook().enter("enter", self, argument);
            if (reference >= 0) {
                hook = hook.replaceArgument(reference, "same", argument);
            }
            return List.of(hook.skipWhen("refuses").exit("exit", THROWN, returned, self, argument));
        }
    }

    /** A call of a {@link Flow} method; each method's cases take every path through it. */
    record Case(String method, Object... arguments) {
        @Override
        public String toString() {
            return method + Arrays.toString(arguments);
        }
    }

    private static final List<Case> FLOW_CASES = List.of(
        new Case("sumTo", 0), new Case("sumTo", 10),
        new Case("spin", 0), new Case("spin", 12),
        new Case("spinWide", 1L, 0.5), new Case("spinWide", 200L, 2.0),
        new Case("countDown", 5), new Case("countDown", -3),
        new Case("classify", 0), new Case("classify", 2), new Case("classify", 100), new Case("classify", -5),
        new Case("classify", 7),
        new Case("lookup", "one"), new Case("lookup", "two"), new Case("lookup", "many"), new Case("lookup", "x"),
        new Case("parseOrNot", "12"), new Case("parseOrNot", "x"),
        new Case("finallyOnReturn", 3), new Case("finallyOnReturn", 9),
        new Case("nested", 0), new Case("nested", 1),
        new Case("mix", 3L, 1.5, 4), new Case("mix", 1L, 0.1, 1),
        new Case("ratio", 1, 2), new Case("ratio", 1, 0),
        new Case("initial", "abc"), new Case("initial", ""),
        new Case("locked", -1), new Case("locked", 0), new Case("locked", 5),
        new Case("lockedMethod", -4L), new Case("lockedMethod", 4L),
        new Case("divide", 7, 2), new Case("divide", 1, 0),
        new Case("build", true), new Case("build", false),
        new Case("check", -1), new Case("check", 0), new Case("check", 3),
        new Case("larger", "a", "b"), new Case("larger", "b", "a"));

    @ParameterizedTest
    @EnumSource(Shape.class)
    void wovenControlFlowVerifiesAndBehavesAsTheOriginal(Shape shape) throws Throwable {
        Woven woven = weave(Flow.class, everyMethod(Flow.class, shape));

        assertBehavesAsTheOriginal(new Flow(), woven, FLOW_CASES);
        assertEquals(FLOW_CASES.size() * shape.exitsPerCall, Calls.count("exit"), "every exit ran");
    }

    @Test
    void theLoopMethodsBeginWithALoopTarget() {
        // the premise of the cases above: their code has a stack map frame at offset 0, where the hooks go
        for (String method : List.of("spin", "spinWide", "countDown")) {
            assertEquals(0, firstFrameOffset(Flow.class, method), method);
        }
    }

    private static final List<Case> LEGACY_CASES = List.of(
        new Case("spin", 0), new Case("spin", 12),
        new Case("wide", 5L, 1.5),
        new Case("classify", 0), new Case("classify", 1), new Case("classify", -1), new Case("classify", 9),
        new Case("parse", "12"), new Case("parse", "x"),
        new Case("locked", 3), new Case("locked", -3),
        new Case("echo", "text"));

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aClassFileWithoutStackMapFramesIsWovenWithoutFrames(Shape shape) throws Throwable {
        // a Java 5 class file has no frames (the JVM infers the types): the weaver must add none
        byte[] woven5 = HookWeaver.weave(asJava5(classFile(Legacy.class)), everyMethod(Legacy.class, shape));
        assertFalse(new String(woven5, StandardCharsets.ISO_8859_1).contains("StackMapTable"));
        Woven woven = define(Legacy.class.getName(), woven5);

        assertBehavesAsTheOriginal(new Legacy(), woven, LEGACY_CASES);
        assertEquals(LEGACY_CASES.size() * shape.exitsPerCall, Calls.count("exit"), "every exit ran");
    }

    /** The shape's hooks on every method the class declares. */
    private static Map<String, List<Hook>> everyMethod(Class<?> type, Shape shape) {
        Map<String, List<Hook>> hooks = new HashMap<>();
        for (Method method : type.getDeclaredMethods()) {
            if (!method.isSynthetic()) {
                hooks.put(method.getName() + Type.getMethodDescriptor(method), shape.hooks.apply(method));
            }
        }
        return hooks;
    }

    private static void assertBehavesAsTheOriginal(Object original, Woven woven, List<Case> calls) {
        for (Case call : calls) {
            assertEquals(outcome(original.getClass(), original, call), outcome(woven.type(), woven.instance(), call),
                call.toString());
        }
    }

    // 7. static methods, names, classes, fields, static initializers

    @Test
    void aStaticMethodIsHookedWithoutAnInstance() throws Throwable {
        Woven target = weave(Target.class, "shout",
            hook().enter("enter", argument(0), METHOD_NAME, DECLARING_CLASS)
                .exit("exit", argument(0), RETURNED, THROWN));

        assertEquals("WORLD", target.call("shout", "world"));
        assertEquals(values("world", "shout", target.type()), Calls.given("enter"));
        assertEquals(values("world", "WORLD", null), Calls.given("exit"));
    }

    @Test
    void theDeclaringClassIsTheWovenClass() throws Throwable {
        Woven target = weave(Target.class, "greet", hook().enter("enter", DECLARING_CLASS, METHOD_NAME));

        target.call("greet", "world");
        assertSame(target.type(), Calls.given("enter").get(0));
        assertNotSame(Target.class, target.type());
        assertEquals("greet", Calls.given("enter").get(1));
    }

    @Test
    void aFieldIsReadWhenTheMethodIsEntered() throws Throwable {
        Woven target = weave(Target.class, "greet", hook().enter("enter", field("name"), THIS));

        target.call("greet", "world");
        assertEquals(values("the target", target.instance()), Calls.given("enter"));

        Field name = target.type().getDeclaredField("name");
        name.setAccessible(true);
        name.set(target.instance(), "renamed");
        target.call("greet", "world");
        assertEquals(values("renamed", target.instance()), Calls.given("enter"));
    }

    @Test
    void aStaticInitializerIsHooked() throws Throwable {
        Map<String, List<Hook>> hooks = Map.of("<clinit>()V",
            List.of(hook().enter("enter", METHOD_NAME).exit("exit", METHOD_NAME, DECLARING_CLASS, THROWN)));
        Woven initialised = weave(Initialised.class, hooks); // defined and initialised

        assertEquals(List.of("enter", "body:<clinit>", "exit"), Calls.events);
        assertEquals(values("<clinit>"), Calls.given("enter"));
        assertEquals(values("<clinit>", initialised.type(), null), Calls.given("exit"));
        assertEquals("initialised 6", initialised.type().getField("STATE").get(null));
    }

    // 8. several hooks on one method

    @Test
    void theFirstOfTwoHooksIsOutermost() throws Throwable {
        Woven target = weave(Target.class, "greet",
            hook().enter("outerEnter").exit("outerExit", ENTERED, RETURNED),
            hook().enter("innerEnter").exit("innerExit", ENTERED, RETURNED));

        assertEquals("hello world", target.call("greet", "world"));

        assertEquals(List.of("outerEnter", "innerEnter", "body:greet", "innerExit", "outerExit"), Calls.events);
        assertEquals(values("outer", "hello world"), Calls.given("outerExit"));
        assertEquals(values("inner", "hello world"), Calls.given("innerExit"));
    }

    @Test
    void theOuterHookSeesWhatTheInnerOneMadeOfTheOutcome() throws Throwable {
        Woven target = weave(Target.class, "greet",
            hook().enter("outerEnter").exit("outerExit", ENTERED, RETURNED),
            hook().exitReplacingReturn("replaceReturn", RETURNED));
        Calls.returnReplacement = "replaced";

        assertEquals("replaced", target.call("greet", "world"));
        assertEquals(values("outer", "replaced"), Calls.given("outerExit"));
    }

    @Test
    void anInnerHookSkipsInsideTheOuterOne() throws Throwable {
        Woven target = weave(Target.class, "intValue",
            hook().enter("outerEnter").exit("outerExit", ENTERED, METHOD_NAME),
            hook().enter("enter").skipWhen("refuses").exit("exit", ENTERED, THROWN));
        Calls.refuse = true;

        assertEquals(0, target.call("intValue"));
        assertEquals(List.of("outerEnter", "enter", "refuses", "exit", "outerExit"), Calls.events);
    }

    @Test
    void aPrologueOnlyHookReplacesTheArgumentTheNextHookSees() throws Throwable {
        Woven target = weave(Target.class, "echo",
            hook().replaceArgument(0, "replace", argument(0)),
            hook().enter("enter", argument(0)).exit("exit", argument(0), RETURNED));
        Calls.replacement = "replaced";

        assertEquals("replaced", target.call("echo", "original"));
        assertEquals(values("original"), Calls.given("replace"));
        assertEquals(values("replaced"), Calls.given("enter"));
        assertEquals(values("replaced", "replaced"), Calls.given("exit"));
    }

    @Test
    void aPrologueOnlyHookAfterAFullOneStillReplacesTheArgument() throws Throwable {
        Woven target = weave(Target.class, "echo",
            hook().enter("enter", argument(0)).exit("exit", RETURNED, THROWN),
            hook().replaceArgument(0, "replace", argument(0)));
        Calls.replacement = "replaced";

        assertEquals("replaced", target.call("echo", "original"));
        assertEquals(List.of("enter", "replace", "body:echo", "exit"), Calls.events);
        assertEquals(values("original"), Calls.given("enter"), "the outer enter ran before the replacement");
        assertEquals(values("replaced", null), Calls.given("exit"));
    }

    // 9. hooks that do not fit

    static Stream<Arguments> misfits() {
        return Stream.of(
            misfit("an int argument", "repeat", hook().enter("enter", argument(1))),
            misfit("an argument it does not have", "greet", hook().enter("enter", argument(1))),
            misfit("a replaced int argument", "repeat", hook().replaceArgument(1, "replace", argument(0))),
            misfit("THIS of a static method", "shout", hook().enter("enter", THIS)),
            misfit("THIS of a static method, at exit", "shout", hook().exit("exit", THIS)),
            misfit("the replaced return of a void method", "voidValue",
                hook().exitReplacingReturn("replaceReturn", THROWN)),
            misfit("the replaced return of an int method", "intValue",
                hook().exitReplacingReturn("replaceReturn", THROWN)),
            misfit("an int RETURNED", "intValue", hook().exit("exit", RETURNED)),
            misfit("a void RETURNED", "voidValue", hook().exit("exit", RETURNED)),
            misfit("a primitive field", "greet", hook().enter("enter", field("number"))),
            misfit("a field it does not have", "greet", hook().enter("enter", field("missing"))),
            misfit("a static field", "greet", hook().enter("enter", field("label"))),
            misfit("a field in a static method", "shout", hook().enter("enter", field("name"))),
            misfit("skipping without an exit", "greet", hook().enter("enter").skipWhen("refuses")),
            misfit("skipping without an enter", "greet", hook().skipWhen("refuses").exit("exit")),
            misfit("ENTERED without an enter", "greet", hook().exit("exit", ENTERED)));
    }

    private static Arguments misfit(String what, String method, Hook hook) {
        return Arguments.of(what, key(Target.class, method), hook);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misfits")
    void aHookThatDoesNotFitItsMethodIsRefused(String what, String method, Hook hook) {
        byte[] classFile = classFile(Target.class);
        assertThrows(IllegalArgumentException.class, () -> HookWeaver.weave(classFile, Map.of(method, List.of(hook))));
    }

    @Test
    void aConstructorIsRefused() {
        byte[] classFile = classFile(Target.class);
        assertThrows(IllegalArgumentException.class,
            () -> HookWeaver.weave(classFile, Map.of("<init>()V", List.of(hook().enter("enter")))));
    }

    // retransformation

    @Test
    void aWovenClassDeclaresTheSameMembersAsTheOriginal() {
        // a loaded class can be retransformed only if its methods and fields stay as they were
        Map<String, List<Hook>> hooks = new HashMap<>();
        hooks.put(key(Target.class, "greet"), List.of(hook().enter("enter", THIS, argument(0), field("name"))
            .skipWhen("refuses").exitReplacingReturn("replaceReturn", RETURNED, THROWN)));
        hooks.put(key(Target.class, "describe"), List.of(hook().replaceArgument(2, "replace", argument(2))));
        hooks.put(key(Target.class, "shout"), List.of(hook().exit("exit", argument(0)), hook().enter("enter")));
        hooks.put(key(Target.class, "intValue"), List.of(hook().exitReplacingThrown("replaceThrown", THROWN)));
        hooks.put(key(Target.class, "voidValue"), List.of(hook().enter("enter").skipWhen("refuses").exit("exit")));
        Woven woven = weave(Target.class, hooks);

        assertEquals(members(Target.class), members(woven.type()));
    }

    // helpers

    private static Hook hook() {
        return Hook.into(Calls.class.getName());
    }

    /** A list that, unlike List.of, may hold null: what a helper was given. */
    private static List<Object> values(Object... values) {
        return Arrays.asList(values);
    }

    /** The weaver's key of a method of the type, found by its (unique) name. */
    private static String key(Class<?> type, String method) {
        return method + Type.getMethodDescriptor(method(type, method));
    }

    private static Woven weave(Class<?> original, String method, Hook... hooks) {
        return weave(original, Map.of(key(original, method), List.of(hooks)));
    }

    private static Woven weave(Class<?> original, Map<String, List<Hook>> hooks) {
        return define(original.getName(), HookWeaver.weave(classFile(original), hooks));
    }

    /** Defines the woven class in a loader of its own and initialises it: the JVM verifies it now. */
    private static Woven define(String name, byte[] woven) {
        try {
            Class<?> type = Class.forName(name, true, new OnlyLoader(name, woven));
            return new Woven(type, newInstanceIfPublic(type));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Object newInstanceIfPublic(Class<?> type) throws ReflectiveOperationException {
        for (Constructor<?> constructor : type.getConstructors()) {
            if (constructor.getParameterCount() == 0) {
                return constructor.newInstance();
            }
        }
        return null;
    }

    private static byte[] classFile(Class<?> type) {
        try (InputStream in = APP.getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Defines one class itself (child first); every other class, {@link Calls} among them, comes from the test's. */
    private static final class OnlyLoader extends ClassLoader {

        private final String name;
        private final byte[] classFile;

        OnlyLoader(String name, byte[] classFile) {
            super(APP);
            this.name = name;
            this.classFile = classFile;
        }

        @Override
        protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
            if (!className.equals(name)) {
                return super.loadClass(className, resolve);
            }
            synchronized (getClassLoadingLock(className)) {
                Class<?> loaded = findLoadedClass(className);
                return loaded != null ? loaded : defineClass(className, classFile, 0, classFile.length);
            }
        }
    }

    /** A woven class and, if it has a public no-argument constructor, an instance of it. */
    private record Woven(Class<?> type, Object instance) {
        Object call(String method, Object... arguments) throws Throwable {
            return invoke(type, instance, method, arguments);
        }
    }

    private static Object invoke(Class<?> type, Object instance, String name, Object... arguments) throws Throwable {
        Method method = method(type, name);
        try {
            return method.invoke(Modifier.isStatic(method.getModifiers()) ? null : instance, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** What a call returned, or the class and message of what it threw. */
    private static Object outcome(Class<?> type, Object instance, Case call) {
        try {
            return invoke(type, instance, call.method(), call.arguments());
        } catch (Throwable thrown) {
            return "threw " + thrown.getClass().getName() + ": " + thrown.getMessage();
        }
    }

    private static Method method(Class<?> type, String name) {
        List<Method> methods = Arrays.stream(type.getDeclaredMethods()).filter(m -> m.getName().equals(name)).toList();
        if (methods.size() != 1) {
            throw new IllegalArgumentException(type + " has " + methods.size() + " methods named " + name);
        }
        return methods.get(0);
    }

    private static int firstReferenceArgument(Method method) {
        Class<?>[] parameters = method.getParameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            if (!parameters[i].isPrimitive()) {
                return i;
            }
        }
        return -1;
    }

    /** The declared methods, constructors and fields, with their modifiers and types. */
    private static Set<String> members(Class<?> type) {
        Set<String> members = new TreeSet<>();
        for (Method method : type.getDeclaredMethods()) {
            members.add(Modifier.toString(method.getModifiers()) + " method " + method.getName()
                + Type.getMethodDescriptor(method));
        }
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            members.add(Modifier.toString(constructor.getModifiers()) + " constructor "
                + Type.getConstructorDescriptor(constructor));
        }
        for (Field field : type.getDeclaredFields()) {
            members.add(Modifier.toString(field.getModifiers()) + " field " + field.getName() + " "
                + Type.getDescriptor(field.getType()));
        }
        return members;
    }

    /** The class file as a Java 5 one, without stack map frames. */
    private static byte[] asJava5(byte[] classFile) {
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                super.visit(Opcodes.V1_5, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    /** The offset of the first stack map frame of the method's code (-1: none). */
    private static int firstFrameOffset(Class<?> type, String method) {
        int[] offset = {-1};
        // the code goes on to a ClassWriter, so that a label visited at the frame learns its offset
        new ClassReader(classFile(type)).accept(new ClassVisitor(Opcodes.ASM9, new ClassWriter(0)) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor code = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!name.equals(method)) {
                    return code;
                }
                return new MethodVisitor(Opcodes.ASM9, code) {
                    @Override
                    public void visitFrame(int kind, int locals, Object[] local, int stackSize, Object[] stack) {
                        if (offset[0] < 0) {
                            Label here = new Label();
                            super.visitLabel(here);
                            offset[0] = here.getOffset();
                        }
                        super.visitFrame(kind, locals, local, stackSize, stack);
                    }
                };
            }
        }, 0);
        return offset[0];
    }
}
