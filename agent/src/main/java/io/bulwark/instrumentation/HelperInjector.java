package io.bulwark.instrumentation;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.ProtectionDomain;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Defines an instrumentation's helper classes (those its hooks call) in the class loader of the library they help,
 * when a class of that library is transformed there, unless they are there already; a helper's nested classes
 * come with it. ClassLoader.defineClass is made
 * accessible by opening java.lang to the agent through the Instrumentation API, so no sun.misc.Unsafe is needed
 * (JDK 24+ warns about it on the application's console).
 */
public final class HelperInjector implements Weaver.Helpers {

    private final MethodHandle defineClass;
    private final MethodHandle findLoadedClass;
    private final MethodHandle classLoadingLock;
    private final ClassLoader agentClasses;

    /** @param agentClasses the class loader whose class files of the helpers are copied */
    public HelperInjector(Instrumentation instrumentation, ClassLoader agentClasses) throws ReflectiveOperationException {
        instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
            Map.of("java.lang", Set.of(HelperInjector.class.getModule())), Set.of(), Map.of());
        // method handles, not reflection: a Method's first invoke spins an accessor of its own, twice the time
        // (~10 ms more of the application's start-up, when the first class is woven)
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(ClassLoader.class, MethodHandles.lookup());
        defineClass = lookup.findVirtual(ClassLoader.class, "defineClass", MethodType.methodType(Class.class,
            String.class, byte[].class, int.class, int.class, ProtectionDomain.class));
        findLoadedClass = lookup.findVirtual(ClassLoader.class, "findLoadedClass",
            MethodType.methodType(Class.class, String.class));
        classLoadingLock = lookup.findVirtual(ClassLoader.class, "getClassLoadingLock",
            MethodType.methodType(Object.class, String.class));
        this.agentClasses = agentClasses;
    }

    /**
     * Makes sure the helpers exist in this class loader (the bootstrap loader's classes need none), each with the
     * classes declared inside it, which it may load at any time.
     */
    @Override
    public void define(ClassLoader loader, ProtectionDomain domain, List<String> names) {
        if (loader == null) {
            return;
        }
        try {
            Deque<String> pending = new ArrayDeque<>(names);
            while (!pending.isEmpty()) {
                String name = pending.pop();
                byte[] defined = defineIfAbsent(loader, domain, name, () -> classFile(name));
                if (defined != null) {
                    pending.addAll(nestedClasses(name, defined));
                }
            }
        } catch (IOException error) {
            throw new IllegalStateException("cannot define the agent's helper classes in " + loader, error);
        }
    }

    /** Defines a class made at run time in this class loader, unless one of that name is there already; returns it. */
    public Class<?> defineMade(ClassLoader loader, String name, Supplier<byte[]> bytes) throws IOException {
        defineIfAbsent(loader, null, name, bytes::get);
        return findLoaded(loader, name);
    }

    private interface ClassBytes {
        byte[] get() throws IOException;
    }

    /** Defines the class unless the loader has one of that name; returns the bytes it defined, or null. */
    private byte[] defineIfAbsent(ClassLoader loader, ProtectionDomain domain, String name, ClassBytes bytes)
        throws IOException {
        try {
            synchronized ((Object) classLoadingLock.invokeExact(loader, name)) {
                if (findLoaded(loader, name) != null) {
                    return null;
                }
                byte[] made = bytes.get();
                Class<?> defined = (Class<?>) defineClass.invokeExact(loader, name, made, 0, made.length, domain);
                return made;
            }
        } catch (IOException | RuntimeException | Error error) {
            throw error;
        } catch (Throwable checked) { // ClassLoader's methods declare none
            throw new IllegalStateException(checked);
        }
    }

    private Class<?> findLoaded(ClassLoader loader, String name) {
        try {
            return (Class<?>) findLoadedClass.invokeExact(loader, name);
        } catch (RuntimeException | Error error) {
            throw error;
        } catch (Throwable checked) { // findLoadedClass declares none
            throw new IllegalStateException(checked);
        }
    }

    private byte[] classFile(String name) throws IOException {
        try (InputStream in = agentClasses.getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new IOException("no class file for " + name);
            }
            return in.readAllBytes();
        }
    }

    /** The classes declared inside the class (named, anonymous or local), by binary name, from its class file. */
    static List<String> nestedClasses(String name, byte[] classFile) {
        String prefix = name.replace('.', '/') + "$";
        List<String> nested = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visitInnerClass(String inner, String outer, String innerName, int access) {
                if (inner.startsWith(prefix)) {
                    nested.add(inner.replace('/', '.'));
                }
            }
        }, ClassReader.SKIP_CODE);
        return nested;
    }
}
