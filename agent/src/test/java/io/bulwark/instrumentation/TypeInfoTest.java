package io.bulwark.instrumentation;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.bulwark.instrumentation.Matchers.declaresMethod;
import static io.bulwark.instrumentation.Matchers.isAbstract;
import static io.bulwark.instrumentation.Matchers.isInterface;
import static io.bulwark.instrumentation.Matchers.isStatic;
import static io.bulwark.instrumentation.Matchers.isTypeInitializer;
import static io.bulwark.instrumentation.Matchers.named;
import static io.bulwark.instrumentation.Matchers.not;
import static io.bulwark.instrumentation.Matchers.takesArgument;
import static io.bulwark.instrumentation.Matchers.takesArguments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the matchers see of a class, from its class file and from the loaded class alike. */
class TypeInfoTest {

    private static final ClassLoader APP = TypeInfoTest.class.getClassLoader();

    interface Named {
        String name();
    }

    interface Labelled extends Named {
    }

    abstract static class Base extends ArrayList<String> implements Labelled {
        abstract void label(String text, int[] counts, Thread.State state);
    }

    static final class Leaf extends Base implements Serializable {
        static final long STARTED = System.nanoTime();

        @Override
        public String name() {
            return "leaf";
        }

        @Override
        void label(String text, int[] counts, Thread.State state) {
        }

        static Leaf of() {
            return new Leaf();
        }
    }

    @Test
    void aClassFileShowsItsNameKindAndMethodsStaticInitialiserIncluded() throws IOException {
        TypeInfo leaf = ClassFileType.of(classFile(Leaf.class), APP);
        assertEquals(Leaf.class.getName(), leaf.name());
        assertFalse(isInterface().matches(leaf));
        assertTrue(names(leaf.methods()).containsAll(Set.of("<init>", "<clinit>", "name", "label", "of")),
            names(leaf.methods()).toString());
        assertTrue(declaresMethod(isTypeInitializer()).matches(leaf));
        assertTrue(declaresMethod(named("of").and(isStatic()).and(takesArguments(0))).matches(leaf));
        assertTrue(declaresMethod(named("label").and(takesArguments(3)).and(takesArgument(0, "java.lang.String"))
            .and(takesArgument(1, "int[]")).and(takesArgument(2, "java.lang.Thread$State"))).matches(leaf));
        assertTrue(isAbstract().matches(ClassFileType.of(classFile(Base.class), APP)));
        assertTrue(isInterface().matches(ClassFileType.of(classFile(Labelled.class), APP)));
    }

    @Test
    void superTypesAreFoundThroughEveryLevelOfClassesAndInterfaces() throws IOException {
        for (TypeInfo leaf : List.of(ClassFileType.of(classFile(Leaf.class), APP), new LoadedType(Leaf.class))) {
            assertTrue(leaf.hasSuperType(Leaf.class.getName()), "itself");
            assertTrue(leaf.hasSuperType(Base.class.getName()), "its super class");
            assertTrue(leaf.hasSuperType(Named.class.getName()), "an interface of an interface of its super class");
            assertTrue(leaf.hasSuperType("java.util.Collection"), "the JDK's, through ArrayList's class file");
            assertTrue(leaf.hasSuperType("java.io.Serializable"));
            assertTrue(leaf.hasSuperType("java.lang.Object"));
            assertFalse(leaf.hasSuperType("java.sql.Statement"));
            assertFalse(leaf.hasSuperType("java.util.Map"));
        }
    }

    @Test
    void aSuperTypeItsLoaderCannotFindCountsAsNoneWithoutFailing() throws IOException {
        ClassLoader jdkOnly = new ClassLoader(null) {
        };
        TypeInfo leaf = ClassFileType.of(classFile(Leaf.class), jdkOnly);
        assertFalse(leaf.hasSuperType(Named.class.getName()), "behind Base, whose class file this loader lacks");
        assertFalse(leaf.hasSuperType("java.util.Collection"));
        assertTrue(leaf.hasSuperType(Base.class.getName()), "named in Leaf's own file");
        assertTrue(leaf.hasSuperType("java.io.Serializable"), "named in Leaf's own file");
    }

    @Test
    void aLoadedClassShowsWhatItsClassFileShows() throws IOException {
        for (Class<?> type : List.of(Leaf.class, Base.class, Labelled.class)) {
            TypeInfo fromFile = ClassFileType.of(classFile(type), APP);
            TypeInfo loaded = new LoadedType(type);
            assertEquals(fromFile.name(), loaded.name());
            assertEquals(isInterface().matches(fromFile), isInterface().matches(loaded), type.getName());
            assertEquals(isAbstract().matches(fromFile), isAbstract().matches(loaded), type.getName());
            // reflection shows neither constructors nor the static initialiser
            Set<String> fileMethods = names(fromFile.methods().stream()
                .filter(not(named("<init>")).and(not(isTypeInitializer()))::matches).toList());
            assertEquals(fileMethods, names(loaded.methods()), type.getName());
        }
    }

    private static Set<String> names(List<MethodInfo> methods) {
        return methods.stream().map(MethodInfo::name).collect(Collectors.toSet());
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = APP.getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }
}
