package io.bulwark.instrumentation;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HelperInjectorTest {

    /** A helper with a named and an anonymous class inside it, and a lambda (which is no class file of its own). */
    static final class Outer {
        record Inner(String value) {
        }

        static final Runnable ANONYMOUS = new Runnable() {
            @Override
            public void run() {
            }
        };

        static final Runnable LAMBDA = () -> { };
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getName().substring(type.getPackageName().length() + 1) + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void aHelpersNestedClassesAreInjectedWithIt() throws IOException {
        // without them the helper fails with NoClassDefFoundError in the library's class loader on first use
        assertEquals(List.of(ClientServices.class.getName() + "$Routing"),
            HelperInjector.nestedClasses(ClientServices.class.getName(), classFile(ClientServices.class)));
        assertEquals(List.of(Outer.class.getName() + "$1", Outer.class.getName() + "$Inner").stream().sorted().toList(),
            HelperInjector.nestedClasses(Outer.class.getName(), classFile(Outer.class)).stream().sorted().toList());
    }
}
