package io.bulwark.instrumentation;

import org.objectweb.asm.Opcodes;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * A loaded class described through reflection, for choosing which loaded classes to retransform when the agent is
 * attached at run time (the retransformation itself then reads the class file, see {@link ClassFileType}).
 * Reflection may throw a LinkageError for a class whose signatures name a missing class; the caller treats that
 * class as not matched.
 */
final class LoadedType implements TypeInfo {

    private final Class<?> type;
    private List<MethodInfo> methods;

    LoadedType(Class<?> type) {
        this.type = type;
    }

    @Override
    public String name() {
        return type.getName();
    }

    @Override
    public int access() {
        // an interface's modifiers already say interface and abstract, as its class file does
        return type.getModifiers() | (type.isSynthetic() ? Opcodes.ACC_SYNTHETIC : 0);
    }

    @Override
    public List<MethodInfo> methods() {
        if (methods == null) { // only when a matcher asks: most are matched by name alone
            List<MethodInfo> declared = new ArrayList<>();
            for (Method method : type.getDeclaredMethods()) {
                declared.add(MethodInfo.of(method));
            }
            methods = List.copyOf(declared);
        }
        return methods;
    }

    @Override
    public boolean hasSuperType(String name) {
        return hasSuperType(type, name);
    }

    private static boolean hasSuperType(Class<?> type, String name) {
        if (type == null) {
            return false;
        }
        if (type.getName().equals(name) || hasSuperType(type.getSuperclass(), name)) {
            return true;
        }
        for (Class<?> implemented : type.getInterfaces()) {
            if (hasSuperType(implemented, name)) {
                return true;
            }
        }
        return false;
    }
}
