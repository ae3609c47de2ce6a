package io.bulwark.instrumentation;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The method matcher accepts exactly the methods the pre-filter looks for: by name, parameters and return type. */
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

        int count() {
            return 0;
        }

        int[] counts() {
            return new int[0];
        }
    }

    /** Overrides with a narrower return type: javac adds a bridge method with the super class's descriptor. */
    abstract static class Source {
        abstract CharSequence open();
    }

    static class NarrowingSource extends Source {
        @Override
        String open() {
            return "";
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
    void aReturnTypeWhenGivenMustBeOneOfThem() {
        AdvisedMethods returningInt = AdvisedMethods.named("count", "counts").taking().returning("int");
        assertTrue(matches(returningInt, "count"));
        assertFalse(matches(returningInt, "counts"), "int[] is not int");
        assertTrue(matches(AdvisedMethods.named("counts").taking().returning("long", "int[]"), "counts"));
        assertTrue(matches(AdvisedMethods.named("executeBatch").taking().returning("void"), "executeBatch"));
        assertFalse(matches(AdvisedMethods.named("executeBatch").taking().returning("int"), "executeBatch"));
    }

    @Test
    void aNarrowingOverrideIsAdvisedThroughItsBridge() {
        AdvisedMethods open = AdvisedMethods.named("open").taking().returning("java.lang.CharSequence");
        List<Boolean> bridges = new ArrayList<>();
        for (Method method : NarrowingSource.class.getDeclaredMethods()) {
            if (open.matcher().matches(MethodInfo.of(method))) {
                bridges.add(method.isBridge());
            }
        }
        // the bridge is what calls through the super type reach; advising both would run the advice twice
        assertEquals(List.of(true), bridges);
    }

    @Test
    void aNameWithoutParametersIsAMistakeNotASilentNoMatch() {
        assertThrows(IllegalArgumentException.class, () -> Candidates.declaring(AdvisedMethods.named("execute")));
    }

    private static boolean matches(AdvisedMethods methods, String name, Class<?>... parameters) {
        try {
            MethodInfo method = MethodInfo.of(Methods.class.getDeclaredMethod(name, parameters));
            return methods.matcher().matches(method);
        } catch (NoSuchMethodException missing) {
            throw new AssertionError(missing);
        }
    }
}
