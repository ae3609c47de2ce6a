package io.bulwark.instrumentation;

import example.weaving.Greeter;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Advice kept per class loader: it applies to every class of that loader and of others, and keeps no loader alive. */
class AdvicesTest {

    private static final ClassLoader APP = AdvicesTest.class.getClassLoader();
    private static final String GREETER = Greeter.class.getName();

    static class ShoutAdvice {
        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false) String greeting) {
            greeting = greeting.toUpperCase();
        }
    }

    private final Advices advices = new Advices(ClassFileLocator.ForClassLoader.of(APP));
    private final Weaver weaver = new Weaver(new ByteBuddy(), new Transformations().type(named(GREETER))
        .transform(advices.on(named("greet"), ShoutAdvice.class.getName())), Candidates.named(GREETER));

    @Test
    void aResolvedAdviceAppliesToEveryClassOfItsLoaderAndToOtherLoaders() throws Exception {
        ClassLoader first = new ClassLoader(APP) { };
        ClassLoader second = new ClassLoader(APP) { };
        assertEquals("HELLO FIRST", greet(new Application(first), "first"));
        assertEquals("HELLO AGAIN", greet(new Application(first), "again"), "the cached advice, a second class");
        assertEquals("HELLO SECOND", greet(new Application(second), "second"));
    }

    @Test
    void aClassLoaderTheAdviceWasAppliedInCanStillBeCollected() throws Exception {
        WeakReference<ClassLoader> collectable = applyInThrowawayLoader();
        for (int attempt = 0; attempt < 50 && collectable.get() != null; attempt++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(collectable.get(), "the resolved advice keeps the application's class loader alive");
    }

    private WeakReference<ClassLoader> applyInThrowawayLoader() throws Exception {
        Application application = new Application(new ClassLoader(APP) { });
        assertEquals("HELLO GONE", greet(application, "gone"));
        return new WeakReference<>(application.parent);
    }

    private Object greet(Application application, String name) throws Exception {
        byte[] woven = weaver.transform(null, application.parent, GREETER.replace('.', '/'), null, null, classFile());
        Class<?> greeter = application.define(woven);
        return greeter.getMethod("greet", String.class).invoke(greeter.getConstructor().newInstance(), name);
    }

    private static byte[] classFile() throws IOException {
        try (InputStream in = APP.getResourceAsStream(GREETER.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** An application's class loader (the parent, which the agent sees) and a fresh child to define a woven class. */
    private static final class Application {
        final ClassLoader parent;

        Application(ClassLoader parent) {
            this.parent = parent;
        }

        Class<?> define(byte[] classFile) {
            return new ClassLoader(parent) {
                Class<?> define() {
                    return defineClass(GREETER, classFile, 0, classFile.length);
                }
            }.define();
        }
    }
}
