package io.bulwark.instrumentation;

import example.weaving.Greeter;
import example.weaving.Texts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;

import static io.bulwark.instrumentation.Matchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The agent's transformer: candidates are decorated by every transformation that matches them; nothing else is. */
class WeaverTest {

    private static final ClassLoader APP = WeaverTest.class.getClassLoader();
    private static final String GREETER = Greeter.class.getName();
    private static final String GREETER_FILE = GREETER.replace('.', '/');

    private static final Hook SHOUT = Hook.into(Texts.class.getName())
        .exitReplacingReturn("shout", Hook.Value.RETURNED);
    private static final Hook EXCLAIM = Hook.into(Texts.class.getName())
        .exitReplacingReturn("exclaim", Hook.Value.RETURNED);

    @Test
    void aCandidateIsWovenWithTheHooksOfEveryTransformationThatMatchesIt() throws Exception {
        Transformations transformations = new Transformations()
            .type(named(GREETER)).hook(named("greet"), EXCLAIM)
            .type(named("some.OtherClass")).hook(method -> {
                throw new AssertionError("not this class's transformation");
            }, SHOUT)
            .type(named(GREETER)).hook(named("greet"), SHOUT);
        byte[] woven = weaver(transformations, Candidates.named(GREETER))
            .transform(null, APP, GREETER_FILE, null, null, classFile());
        assertNotNull(woven);
        assertEquals("HELLO WORLD!", run(woven), "both hooks applied, the first declared outermost (its exit last)");
    }

    @Test
    void aCandidateNoTransformationMatchesIsLeftAsItWas() throws IOException {
        Transformations transformations = new Transformations().type(type -> false).hook(named("greet"), SHOUT);
        assertNull(weaver(transformations, Candidates.named(GREETER))
            .transform(null, APP, GREETER_FILE, null, null, classFile()));
    }

    @Test
    void aClassThatIsNoCandidateNeverReachesTheMatchers() throws IOException {
        AtomicInteger asked = new AtomicInteger();
        Matcher<TypeInfo> counting = type -> asked.incrementAndGet() > 0;
        Transformations transformations = new Transformations().type(counting).hook(named("greet"), SHOUT);
        assertNull(weaver(transformations, Candidates.named("some.OtherClass"))
            .transform(null, APP, GREETER_FILE, null, null, classFile()));
        assertEquals(0, asked.get());
    }

    @Test
    void aHookThatDoesNotFitLeavesTheClassAsItWasWithoutThrowing() throws IOException {
        // greet takes a String, not an argument 1: the hook cannot be woven
        Transformations transformations = new Transformations().type(named(GREETER))
            .hook(named("greet"), Hook.into(Texts.class.getName()).enter("shout", Hook.Value.argument(1)));
        assertNull(weaver(transformations, Candidates.named(GREETER))
            .transform(null, APP, GREETER_FILE, null, null, classFile()));
    }

    @Test
    void aFailingMatcherLeavesTheClassAsItWasWithoutThrowing() throws IOException {
        Transformations transformations = new Transformations().type(named(GREETER))
            .hook(method -> {
                throw new IllegalStateException("a broken matcher");
            }, SHOUT);
        assertNull(weaver(transformations, Candidates.named(GREETER))
            .transform(null, APP, GREETER_FILE, null, null, classFile()));
    }

    private static Weaver weaver(Transformations transformations, Candidates candidates) {
        return new Weaver(transformations, candidates, (loader, domain, helpers) -> { });
    }

    private static byte[] classFile() throws IOException {
        try (InputStream in = APP.getResourceAsStream(GREETER_FILE + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Defines the woven class apart from the original and greets the world with it. */
    private static Object run(byte[] classFile) throws ReflectiveOperationException {
        Class<?> woven = new ClassLoader(APP) {
            Class<?> define() {
                return defineClass(GREETER, classFile, 0, classFile.length);
            }
        }.define();
        Object greeter = woven.getConstructor().newInstance();
        return woven.getMethod("greet", String.class).invoke(greeter, "world");
    }
}
