package io.bulwark.instrumentation;

import net.bytebuddy.description.method.MethodDescription;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Byte Buddy matcher accepts exactly the methods the pre-filter looks for: by name and parameters. */
class AdvisedMethodsTest {

    @SuppressWarnings("unused")
    static class Methods {
        void connect(String url, Properties info) {
        }

        void connect(String host, int port) {
        }

        void prepareStatement(String sql, int[] columns) {
        }

        void prepareStatement(int notSql) {
        }

        void executeBatch() {
        }
    }

    @Test
    void parameterListsAreDescriptorBeginnings() {
        assertEquals(List.of("(Ljava/lang/String;Ljava/util/Properties;)"),
            AdvisedMethods.named("connect").taking("java.lang.String", "java.util.Properties").parameters());
        assertEquals(List.of("()", "(Ljava/lang/String;[I[[J"),
            AdvisedMethods.named("x").taking().takingFirst("java.lang.String", "int[]", "long[][]").parameters());
    }

    @Test
    void theMatcherTakesTheNamedMethodsWithTheirParametersOnly() {
        assertTrue(matches(AdvisedMethods.named("connect").taking("java.lang.String", "java.util.Properties"),
            "connect", String.class, Properties.class));
        assertFalse(matches(AdvisedMethods.named("connect").taking("java.lang.String", "java.util.Properties"),
            "connect", String.class, int.class));
        AdvisedMethods prepare = AdvisedMethods.named("prepareStatement").takingFirst("java.lang.String");
        assertTrue(matches(prepare, "prepareStatement", String.class, int[].class));
        assertFalse(matches(prepare, "prepareStatement", int.class));
        assertTrue(matches(AdvisedMethods.named("execute", "executeBatch").taking(), "executeBatch"));
        assertFalse(matches(AdvisedMethods.named("execute").taking(), "executeBatch"), "another name");
    }

    @Test
    void aNameWithoutParametersIsAMistakeNotASilentNoMatch() {
        assertThrows(IllegalArgumentException.class, () -> Candidates.declaring(AdvisedMethods.named("execute")));
    }

    private static boolean matches(AdvisedMethods methods, String name, Class<?>... parameters) {
        try {
            MethodDescription method = new MethodDescription.ForLoadedMethod(
                Methods.class.getDeclaredMethod(name, parameters));
            return methods.matcher().matches(method);
        } catch (NoSuchMethodException missing) {
            throw new AssertionError(missing);
        }
    }
}
