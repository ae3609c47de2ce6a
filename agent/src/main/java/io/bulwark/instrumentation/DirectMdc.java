package io.bulwark.instrumentation;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.bootstrap.Mdc;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.io.IOException;
import java.util.function.Function;

/**
 * Makes {@link Mdc.Access} for an application's SLF4J MDC class: a class defined in that class's own loader whose
 * methods call MDC's static methods, as the application's code would. Per request the agent puts the request ID into
 * the MDC and removes it; through this class the JIT inlines those calls, which it does not through method handles
 * held in fields. The MDC class's name comes from the class itself: a constant naming SLF4J would be relocated to
 * the agent's own copy by the shade plugin.
 */
public final class DirectMdc implements Function<Class<?>, Mdc.Access> {

    static final String CLASS_NAME = "io.bulwark.generated.DirectMdc";

    private final HelperInjector injector;

    public DirectMdc(HelperInjector injector) {
        this.injector = injector;
    }

    /** The direct access, or null (then {@link Mdc} uses method handles) when it cannot be made. */
    @Override
    public Mdc.Access apply(Class<?> mdcClass) {
        ClassLoader loader = mdcClass.getClassLoader();
        if (loader == null) {
            return null;
        }
        try {
            Class<?> made = injector.defineMade(loader, CLASS_NAME, () -> bytes(Type.getInternalName(mdcClass)));
            return (Mdc.Access) made.getConstructor().newInstance();
        } catch (ReflectiveOperationException | IOException | LinkageError | RuntimeException error) {
            Bulwark.reportError("mdc.direct", error);
            return null;
        }
    }

    /** The class: {@code get}, {@code put} and {@code remove}, each one static call to the same method of mdc. */
    static byte[] bytes(String mdc) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER,
            CLASS_NAME.replace('.', '/'), null, "java/lang/Object", new String[] {Type.getInternalName(Mdc.Access.class)});
        MethodVisitor constructor = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        constructor.visitCode();
        constructor.visitVarInsn(Opcodes.ALOAD, 0);
        constructor.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        constructor.visitInsn(Opcodes.RETURN);
        constructor.visitMaxs(0, 0);
        constructor.visitEnd();
        forward(writer, mdc, "get", "(Ljava/lang/String;)Ljava/lang/String;", 1, Opcodes.ARETURN);
        forward(writer, mdc, "put", "(Ljava/lang/String;Ljava/lang/String;)V", 2, Opcodes.RETURN);
        forward(writer, mdc, "remove", "(Ljava/lang/String;)V", 1, Opcodes.RETURN);
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static void forward(ClassWriter writer, String mdc, String name, String descriptor, int arguments,
                                int returnInstruction) {
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC, name, descriptor, null, null);
        method.visitCode();
        for (int slot = 1; slot <= arguments; slot++) {
            method.visitVarInsn(Opcodes.ALOAD, slot);
        }
        method.visitMethodInsn(Opcodes.INVOKESTATIC, mdc, name, descriptor, false);
        method.visitInsn(returnInstruction);
        method.visitMaxs(0, 0);
        method.visitEnd();
    }
}
