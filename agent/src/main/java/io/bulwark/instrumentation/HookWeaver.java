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
 * classes. A class is read twice: once for the number of locals each hooked method uses (its hooks' locals go after
 * them), once to weave; methods without hooks are copied as they are.
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

    /** The max_locals of each hooked method that has code. */
    private static Map<String, Integer> maxLocals(ClassReader reader, Map<String, List<Hook>> hooks) {
        Map<String, Integer> maxLocals = new HashMap<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                String key = name + descriptor;
                if (!hooks.containsKey(key)) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMaxs(int maxStack, int locals) {
                        maxLocals.put(key, locals);
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return maxLocals;
    }
}
