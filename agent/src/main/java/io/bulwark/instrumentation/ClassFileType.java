package io.bulwark.instrumentation;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A class described from its class file: its header and its methods' signatures (no code). Super types are read,
 * header only, from the class files its class loader finds, once and only when a matcher asks
 * ({@link #hasSuperType}), so most classes cost one pass over their own file.
 */
final class ClassFileType implements TypeInfo {

    /** What is read of a class file: its header and its methods' signatures, no code. */
    private static final int SIGNATURES_ONLY = ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES;

    private final String internalName;
    private final String name;
    private final int access;
    private final String superName;
    private final String[] interfaces;
    private final List<MethodInfo> methods;
    private final ClassLoader loader;
    /** Read on the first {@link #hasSuperType}: several matchers may ask about one class. */
    private Set<String> superTypes;

    private ClassFileType(Header header, List<MethodInfo> methods, ClassLoader loader) {
        this.internalName = header.internalName;
        this.name = internalName.replace('/', '.');
        this.access = header.access;
        this.superName = header.superName;
        this.interfaces = header.interfaces;
        this.methods = methods;
        this.loader = loader;
    }

    /** @param loader where its super types' class files are looked up (null: the system class loader) */
    static ClassFileType of(byte[] classFile, ClassLoader loader) {
        List<MethodInfo> methods = new ArrayList<>();
        Header header = new Header(methods);
        new ClassReader(classFile).accept(header, SIGNATURES_ONLY);
        return new ClassFileType(header, List.copyOf(methods), loader);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int access() {
        return access;
    }

    @Override
    public List<MethodInfo> methods() {
        return methods;
    }

    @Override
    public boolean hasSuperType(String typeName) {
        if (superTypes == null) {
            superTypes = readSuperTypes();
        }
        return superTypes.contains(typeName.replace('.', '/'));
    }

    /** Its own internal name and those of every super class and interface its class loader can read. */
    private Set<String> readSuperTypes() {
        Set<String> found = new HashSet<>();
        found.add(internalName);
        Deque<String> pending = new ArrayDeque<>();
        addSuperTypes(superName, interfaces, pending);
        while (!pending.isEmpty()) {
            String next = pending.pop();
            if (!found.add(next) || next.equals("java/lang/Object")) {
                continue;
            }
            Header header = readHeader(next);
            if (header != null) {
                addSuperTypes(header.superName, header.interfaces, pending);
            }
        }
        return found;
    }

    private static void addSuperTypes(String superName, String[] interfaces, Deque<String> pending) {
        if (superName != null) {
            pending.push(superName);
        }
        for (String implemented : interfaces) {
            pending.push(implemented);
        }
    }

    /** The header of a super type's class file, or null when the class loader cannot find or read it. */
    private Header readHeader(String internalName) {
        String resource = internalName + ".class";
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
            : loader.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            Header header = new Header(null);
            new ClassReader(in.readAllBytes()).accept(header, SIGNATURES_ONLY);
            return header;
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** Reads a class file's header and, when given a list, its methods' signatures. */
    private static final class Header extends ClassVisitor {

        private final List<MethodInfo> methods;
        String internalName;
        int access;
        String superName;
        String[] interfaces;

        Header(List<MethodInfo> methods) {
            super(Opcodes.ASM9);
            this.methods = methods;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            this.internalName = name;
            this.access = access;
            this.superName = superName;
            this.interfaces = interfaces == null ? new String[0] : interfaces;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            if (methods != null) {
                methods.add(new MethodInfo(name, descriptor, access));
            }
            return null;
        }
    }
}
