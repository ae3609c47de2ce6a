package io.bulwark.instrumentation;

import example.weaving.Greeter;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The agent's transformer: candidates are decorated by every transformation that matches them; nothing else is. */
class WeaverTest {

    private static final ClassLoader APP = WeaverTest.class.getClassLoader();
    private static final String GREETER = Greeter.class.getName();
    private static final String GREETER_FILE = GREETER.replace('.', '/');

    static class ShoutAdvice {
        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false) String greeting) {
            greeting = greeting.toUpperCase();
        }
    }

    static class ExclaimAdvice {
        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false) String greeting) {
            greeting = greeting + "!";
        }
    }

    @Test
    void aCandidateIsWovenWithTheAdviceOfEveryTransformationThatMatchesIt() throws Exception {
        Transformations transformations = new Transformations()
            .type(named(GREETER)).transform(advice(ShoutAdvice.class))
            .type(named("some.OtherClass")).transform((builder, type, loader, module, domain) -> {
                throw new AssertionError("not this class's transformation");
            })
            .type(named(GREETER)).transform(advice(ExclaimAdvice.class));
        byte[] woven = weaver(transformations, Candidates.named(GREETER))
            .transform(null, APP, GREETER_FILE, null, null, classFile());
        assertNotNull(woven);
        assertEquals("HELLO WORLD!", run(woven), "both advices applied (in either order, the same text)");
    }

    @Test
    void aCandidateNoTransformationMatchesIsLeftAsItWas() throws IOException {
        Transformations transformations = new Transformations().type(none()).transform(advice(ShoutAdvice.class));
        assertNull(weaver(transformations, Candidates.named(GREETER))
            .transform(null, APP, GREETER_FILE, null, null, classFile()));
    }

    @Test
    void aClassThatIsNoCandidateNeverReachesTheMatchers() throws IOException {
        AtomicInteger asked = new AtomicInteger();
        ElementMatcher<TypeDescription> counting = type -> asked.incrementAndGet() > 0;
        Transformations transformations = new Transformations().type(counting).transform(advice(ShoutAdvice.class));
        assertNull(weaver(transformations, Candidates.named("some.OtherClass"))
            .transform(null, APP, GREETER_FILE, null, null, classFile()));
        assertEquals(0, asked.get());
    }

    @Test
    void aStepThatFailsLeavesTheClassAsItWasWithoutThrowing() throws IOException {
        Transformations transformations = new Transformations().type(named(GREETER))
            .transform((builder, type, loader, module, domain) -> {
                throw new IllegalStateException("a broken step");
            });
        assertNull(weaver(transformations, Candidates.named(GREETER))
            .transform(null, APP, GREETER_FILE, null, null, classFile()));
    }

    private static Weaver weaver(Transformations transformations, Candidates candidates) {
        return new Weaver(new ByteBuddy(), transformations, candidates);
    }

    private static AgentBuilder.Transformer advice(Class<?> adviceClass) {
        return new Advices(ClassFileLocator.ForClassLoader.of(APP)).on(named("greet"), adviceClass.getName());
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
