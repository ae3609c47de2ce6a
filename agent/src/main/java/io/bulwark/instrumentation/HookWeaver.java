package io.bulwark.instrumentation;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;


import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Weaves {@link Hook hooks} into a class file with one pass of ASM, changing method
 * bodies only: no member is added, so loaded classes can be retransformed. Byte Buddy's Advice did this before; it
 * loaded and JIT-compiled ~360 classes more and cost ~0.5 s of CPU at the sample service's start-up, to weave 18
 * classes. The number of locals each hooked method uses (its hooks' locals go after them) is read first, then the
 * class is woven in one pass; methods without hooks are copied as they are.
 */
public final class HookWeaver {

    private HookWeaver() {
    }

    /**
     * @param hooks by method name and descriptor ({@code "send(Ljava/lang/Object;)V"}); several hooks of one method
     *              run in their order, the first outermost
     * @return the woven class file
     * @throws IllegalArgumentException when a hook does not fit its method (e.g. a primitive it should pass)
     */
    public static byte[] weave(byte[] classFile, Map<String, List<Hook>> hooks) {
        ClassReader reader = new ClassReader(classFile);
        Map<String, Integer> maxLocals = maxLocals(reader, hooks);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {

            private String owner;
            private boolean frames;
            private final Map<String, String> fields = new HashMap<>();

            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                owner = name;
                frames = (version & 0xFFFF) >= Opcodes.V1_6;
                super.visit(version, access, name, signature, superName, interfaces);
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                if ((access & Opcodes.ACC_STATIC) == 0) {
                    fields.put(name, descriptor);
                }
                return super.visitField(access, name, descriptor, signature, value);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor code = super.visitMethod(access, name, descriptor, signature, exceptions);
                List<Hook> methodHooks = hooks.get(name + descriptor);
                Integer locals = maxLocals.get(name + descriptor);
                if (methodHooks == null || locals == null) { // not hooked, or no code (abstract, native)
                    return code;
                }
                // the first hook must be closest to the writer (its enter runs first), the last sees the code first
                // and takes the lowest locals
                int[] firstOwnSlot = new int[methodHooks.size()];
                int slot = locals;
                for (int i = methodHooks.size() - 1; i >= 0; i--) {
                    firstOwnSlot[i] = slot;
                    slot += new HookedMethod(null, methodHooks.get(i), owner, access, name, descriptor, fields,
                        frames, slot).ownSlots();
                }
                for (int i = 0; i < methodHooks.size(); i++) {
                    code = new HookedMethod(code, methodHooks.get(i), owner, access, name, descriptor, fields, frames,
                        firstOwnSlot[i]);
                }
                return code;
            }
        }, ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    /**
     * The max_locals of each hooked method that has code, read from its Code attribute (JVMS 4.7.3) without
     * parsing the code: a pass of ClassReader would decode every instruction of those methods once more.
     */
    private static Map<String, Integer> maxLocals(ClassReader reader, Map<String, List<Hook>> hooks) {
        Map<String, Integer> maxLocals = new HashMap<>();
        char[] buffer = new char[reader.getMaxStringLength()];
        int offset = reader.header + 6; // access_flags, this_class, super_class
        offset += 2 + 2 * reader.readUnsignedShort(offset); // interfaces
        for (boolean methods : new boolean[] {false, true}) { // the fields, then the methods: the same layout
            int members = reader.readUnsignedShort(offset);
            offset += 2;
            for (int member = 0; member < members; member++) {
                String key = methods ? reader.readUTF8(offset + 2, buffer) + reader.readUTF8(offset + 4, buffer) : null;
                int attributes = reader.readUnsignedShort(offset + 6);
                offset += 8;
                for (int attribute = 0; attribute < attributes; attribute++) {
                    if (key != null && hooks.containsKey(key) && "Code".equals(reader.readUTF8(offset, buffer))) {
                        maxLocals.put(key, reader.readUnsignedShort(offset + 8)); // after the length and max_stack
                    }
                    offset += 6 + reader.readInt(offset + 2);
                }
            }
        }
        return maxLocals;
    }
}
