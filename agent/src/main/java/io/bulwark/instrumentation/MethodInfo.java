package io.bulwark.instrumentation;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.lang.reflect.Method;

/**
 * A method a class declares, as its class file states it.
 *
 * @param descriptor its parameter and return types ({@code (Ljava/lang/String;I)V})
 */
public record MethodInfo(String name, String descriptor, int access) implements Element {

    /** A loaded class's method, as its class file states it. */
    public static MethodInfo of(Method method) {
        int access = method.getModifiers() | (method.isSynthetic() ? Opcodes.ACC_SYNTHETIC : 0)
            | (method.isBridge() ? Opcodes.ACC_BRIDGE : 0);
        return new MethodInfo(method.getName(), Type.getMethodDescriptor(method), access);
    }

    /** The binary names of its parameter types ({@code java.lang.String}, {@code int}, {@code byte[]}). */
    public String[] parameterTypes() {
        Type[] types = Type.getArgumentTypes(descriptor);
        String[] names = new String[types.length];
        for (int i = 0; i < types.length; i++) {
            names[i] = types[i].getClassName();
        }
        return names;
    }
}
