package io.bulwark.instrumentation;

import io.bulwark.instrumentation.elasticsearch.ElasticsearchInstrumentation;
import io.bulwark.instrumentation.jdbc.JdbcInstrumentation;
import io.bulwark.instrumentation.kafka.KafkaInstrumentation;
import io.bulwark.instrumentation.lettuce.LettuceInstrumentation;
import io.bulwark.instrumentation.micrometer.MicrometerInstrumentation;
import io.bulwark.instrumentation.servlet.jakarta.JakartaServletInstrumentation;
import io.bulwark.instrumentation.servlet.javax.JavaxServletInstrumentation;
import io.bulwark.instrumentation.undertow.UndertowInstrumentation;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every hook the instrumentations declare calls helper methods that exist with the descriptor the weaver gives them.
 * A hook naming a method that does not (a helper returning String where the weaver calls for Object, say) would fail
 * at run time with a NoSuchMethodError that the hook swallows, and the feature would silently be off.
 */
class HookHelpersTest {

    private static final List<LibraryInstrumentation> ALL = List.of(new UndertowInstrumentation(),
        new JakartaServletInstrumentation(), new JavaxServletInstrumentation(), new JdbcInstrumentation(true),
        new KafkaInstrumentation(), new LettuceInstrumentation(), new ElasticsearchInstrumentation(),
        new MicrometerInstrumentation());

    @Test
    void everyHookCallsPublicStaticHelperMethodsThatExist() throws IOException {
        int checked = 0;
        for (LibraryInstrumentation library : ALL) {
            List<Transformations.Transformation> transformations = library.extend(new Transformations()).list();
            assertFalse(transformations.isEmpty(), library.name());
            for (Transformations.Transformation transformation : transformations) {
                for (Transformations.MethodHook methodHook : transformation.hooks()) {
                    Hook hook = methodHook.hook();
                    Set<String> declared = publicStaticMethods(hook.helper());
                    for (String method : hook.helperMethods()) {
                        assertTrue(declared.contains(method), library.name() + ": " + hook.helper() + " has no public "
                            + "static " + method + "; it has " + declared);
                        checked++;
                    }
                    // the helper must be there wherever the hook is woven: injected beside the library, or on the
                    // bootstrap class path, which every class loader sees
                    assertTrue(transformation.helpers().contains(hook.helper())
                            || hook.helper().startsWith("io.bulwark.bootstrap."),
                        library.name() + ": " + hook.helper() + " is neither injected nor a bootstrap class");
                }
            }
        }
        assertTrue(checked >= 30, "the instrumentations' helper calls, all of them: " + checked);
    }

    /** The class's public static methods as name + descriptor, read from its class file (loading it would link it). */
    private static Set<String> publicStaticMethods(String className) throws IOException {
        Set<String> methods = new HashSet<>();
        List<Integer> classAccess = new ArrayList<>();
        try (InputStream in = HookHelpersTest.class.getClassLoader()
            .getResourceAsStream(className.replace('.', '/') + ".class")) {
            assertNotNull(in, className);
            new ClassReader(in.readAllBytes()).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public void visit(int version, int access, String name, String signature, String superName,
                                  String[] interfaces) {
                    classAccess.add(access);
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    if ((access & Opcodes.ACC_PUBLIC) != 0 && (access & Opcodes.ACC_STATIC) != 0) {
                        methods.add(name + descriptor);
                    }
                    return null;
                }
            }, ClassReader.SKIP_CODE);
        }
        assertTrue((classAccess.get(0) & Opcodes.ACC_PUBLIC) != 0, className + " must be public");
        return methods;
    }
}
