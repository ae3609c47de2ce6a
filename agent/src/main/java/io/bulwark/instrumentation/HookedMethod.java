package io.bulwark.instrumentation;

import io.bulwark.instrumentation.Hook.Value;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;


import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weaves one {@link Hook} into one method's code as it passes (frames expanded, see {@link HookWeaver}):
 * <pre>
 *   own locals = their defaults; copies of the arguments the exit reads
 *   entered = enter(..); argument = replacement(..); if (skipWhen(entered)) goto exit   (each call guarded alone)
 *   try { the method's own code, each return storing its value and going to exit }
 *   catch (Throwable t) { thrown = t }
 *   exit: exit(..) (guarded); if (thrown != null) throw thrown; return result
 * </pre>
 * A guarded call is in a try/catch(Throwable) that drops what it catches, so the method runs as if it had not
 * been made.
 * The hook's locals go after every local the method uses ({@code firstOwnSlot}), so the method's code is left as it
 * was; each of its stack map frames gets the hook's locals appended, which hold the same types throughout. The
 * frames of the exit part declare none of the method's own locals (the exit reads the hook's copies), so they hold
 * wherever the exit is reached from. Like Byte Buddy's advice, it assumes that at a return the operand stack holds
 * nothing but the return value, as compilers leave it.
 * Without an exit, only the enter part is added.
 */
final class HookedMethod extends MethodVisitor {

    private static final String OBJECT = "java/lang/Object";
    private static final String THROWABLE = "java/lang/Throwable";

    private final Hook hook;
    private final String owner;
    private final String name;
    private final boolean isStatic;
    private final Type[] arguments;
    private final Type returnType;
    private final Map<String, String> fieldDescriptors;
    private final boolean frames;
    private final int firstOwnSlot;
    private final boolean wraps;

    // the hook's own locals, from firstOwnSlot on: entered, the exit's copies, thrown, result
    private final int entered;
    private final Map<Value, Integer> copies = new LinkedHashMap<>();
    private final int thrown;
    private final int result;
    private final int ownSlots;
    private final List<Object> ownFrameTypes = new ArrayList<>();

    private final Label bodyStart = new Label();
    private final Label exit = new Label();

    /**
     * @param fieldDescriptors the instrumented class's fields, by name
     * @param frames           whether the class file has stack map frames (version 50 and later)
     * @param firstOwnSlot     the first local the method (and any hook woven closer to its code) leaves free
     */
    HookedMethod(MethodVisitor next, Hook hook, String owner, int access, String name, String descriptor,
                 Map<String, String> fieldDescriptors, boolean frames, int firstOwnSlot) {
        super(Opcodes.ASM9, next);
        this.hook = hook;
        this.owner = owner;
        this.name = name;
        this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
        this.arguments = Type.getArgumentTypes(descriptor);
        this.returnType = Type.getReturnType(descriptor);
        this.fieldDescriptors = fieldDescriptors;
        this.frames = frames;
        this.firstOwnSlot = firstOwnSlot;
        this.wraps = hook.exit() != null;
        validate();

        int slot = firstOwnSlot;
        entered = hook.enter() != null ? slot++ : -1;
        if (entered >= 0) {
            ownFrameTypes.add(OBJECT);
        }
        if (wraps) {
            for (Value value : hook.exit().values()) {
                boolean copied = value.kind() == Value.Kind.THIS || value.kind() == Value.Kind.ARGUMENT;
                if (copied && !copies.containsKey(value)) {
                    copies.put(value, slot++);
                    ownFrameTypes.add(OBJECT);
                }
            }
            thrown = slot++;
            ownFrameTypes.add(THROWABLE);
            if (returnType.getSort() != Type.VOID) {
                result = slot;
                slot += returnType.getSize();
                ownFrameTypes.add(frameType(returnType));
            } else {
                result = -1;
            }
        } else {
            thrown = -1;
            result = -1;
        }
        ownSlots = slot - firstOwnSlot;
    }

    /** How many locals the hook adds to a method. */
    int ownSlots() {
        return ownSlots;
    }

    private void validate() {
        if (name.equals("<init>")) {
            throw new IllegalArgumentException("hooks go into methods, not constructors");
        }
        if (hook.skipWhen() != null && (!wraps || hook.enter() == null)) {
            throw new IllegalArgumentException("a hook that skips " + name + " needs an enter and an exit");
        }
        List<Value> values = new ArrayList<>();
        if (hook.enter() != null) {
            values.addAll(hook.enter().values());
        }
        for (Hook.Replacement replacement : hook.replacements()) {
            values.addAll(replacement.call().values());
            requireReference(argument(replacement.argument()), "replaced argument " + replacement.argument());
        }
        if (wraps) {
            values.addAll(hook.exit().values());
            if (hook.exitResult() == Hook.ExitResult.RETURN_VALUE) {
                requireReference(returnType, "replaced return value");
            }
        }
        for (Value value : values) {
            switch (value.kind()) {
                case THIS -> {
                    if (isStatic) {
                        throw new IllegalArgumentException(name + " is static: no THIS");
                    }
                }
                case ARGUMENT -> requireReference(argument(value.index()), "argument " + value.index());
                case FIELD -> {
                    String field = fieldDescriptors.get(value.name());
                    if (field == null || isStatic) {
                        throw new IllegalArgumentException(owner + " has no instance field " + value.name());
                    }
                    requireReference(Type.getType(field), "field " + value.name());
                }
                case RETURNED -> requireReference(returnType, "returned value");
                case ENTERED -> {
                    if (hook.enter() == null) {
                        throw new IllegalArgumentException("ENTERED without an enter call");
                    }
                }
                default -> {
                }
            }
        }
    }

    private Type argument(int index) {
        if (index < 0 || index >= arguments.length) {
            throw new IllegalArgumentException(name + " has no argument " + index);
        }
        return arguments[index];
    }

    private void requireReference(Type type, String what) {
        if (type.getSort() != Type.OBJECT && type.getSort() != Type.ARRAY) {
            throw new IllegalArgumentException("the " + what + " of " + name + " is not a reference: " + type);
        }
    }

    @Override
    public void visitCode() {
        super.visitCode();
        initialiseOwnLocals();
        if (hook.enter() != null || !hook.replacements().isEmpty() || hook.skipWhen() != null) {
            enterPart();
        }
        if (wraps) {
            super.visitLabel(bodyStart);
        }
    }

    private void initialiseOwnLocals() {
        if (entered >= 0) {
            super.visitInsn(Opcodes.ACONST_NULL);
            super.visitVarInsn(Opcodes.ASTORE, entered);
        }
        for (Map.Entry<Value, Integer> copy : copies.entrySet()) {
            super.visitVarInsn(Opcodes.ALOAD, slotOf(copy.getKey()));
            super.visitVarInsn(Opcodes.ASTORE, copy.getValue());
        }
        if (wraps) {
            super.visitInsn(Opcodes.ACONST_NULL);
            super.visitVarInsn(Opcodes.ASTORE, thrown);
            if (result >= 0) {
                super.visitInsn(defaultValue(returnType));
                super.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), result);
            }
        }
    }

    /** Each call guarded on its own: one that throws is as if not made, and the next is still made. */
    private void enterPart() {
        List<Object> atStart = initialLocals();
        if (hook.enter() != null) {
            Guard guard = new Guard();
            call(hook.enter(), Hook.OBJECT_RESULT, false);
            super.visitVarInsn(Opcodes.ASTORE, entered);
            guard.close(atStart);
        }
        for (Hook.Replacement replacement : hook.replacements()) {
            Guard guard = new Guard();
            call(replacement.call(), Hook.OBJECT_RESULT, false);
            super.visitTypeInsn(Opcodes.CHECKCAST, arguments[replacement.argument()].getInternalName());
            int slot = argumentSlot(replacement.argument());
            super.visitVarInsn(Opcodes.ASTORE, slot);
            Integer copy = copies.get(Value.argument(replacement.argument()));
            if (copy != null) {
                super.visitVarInsn(Opcodes.ALOAD, slot);
                super.visitVarInsn(Opcodes.ASTORE, copy);
            }
            guard.close(atStart);
        }
        if (hook.skipWhen() != null) {
            Guard guard = new Guard();
            super.visitVarInsn(Opcodes.ALOAD, entered);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, helper(), hook.skipWhen(), Hook.SKIP_DECISION, false);
            super.visitJumpInsn(Opcodes.IFNE, exit);
            guard.close(atStart);
        }
        super.visitInsn(Opcodes.NOP); // the method's code may begin with a frame of its own: never two at one offset
    }

    @Override
    public void visitInsn(int opcode) {
        if (wraps && opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            if (result >= 0) {
                super.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), result);
            }
            super.visitJumpInsn(Opcodes.GOTO, exit);
        } else {
            super.visitInsn(opcode);
        }
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        if (ownSlots == 0) {
            super.visitFrame(type, numLocal, local, numStack, stack);
            return;
        }
        if (type != Opcodes.F_NEW) {
            throw new IllegalStateException("frames must be expanded");
        }
        List<Object> locals = new ArrayList<>(numLocal);
        for (int i = 0; i < numLocal; i++) {
            locals.add(local[i]);
        }
        Object[] withOwn = withOwnLocals(locals);
        super.visitFrame(Opcodes.F_NEW, withOwn.length, withOwn, numStack, stack);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        int ownStack = 2;
        if (wraps) {
            Label bodyEnd = new Label();
            Label caught = new Label();
            super.visitLabel(bodyEnd);
            super.visitLabel(caught);
            frame(List.of(), THROWABLE);
            super.visitVarInsn(Opcodes.ASTORE, thrown);
            super.visitJumpInsn(Opcodes.GOTO, exit);
            super.visitTryCatchBlock(bodyStart, bodyEnd, caught, THROWABLE);
            // registered after the method's own handlers, which therefore come first in its exception table
            exitPart();
            ownStack = Math.max(ownStack, hook.exit().values().size());
        }
        if (hook.enter() != null) {
            ownStack = Math.max(ownStack, hook.enter().values().size());
        }
        for (Hook.Replacement replacement : hook.replacements()) {
            ownStack = Math.max(ownStack, replacement.call().values().size());
        }
        super.visitMaxs(Math.max(maxStack, ownStack + 1), Math.max(maxLocals, firstOwnSlot + ownSlots));
    }

    private void exitPart() {
        Label returns = new Label();
        super.visitLabel(exit);
        frame(List.of());
        Guard guard = new Guard();
        switch (hook.exitResult()) {
            case NOTHING -> call(hook.exit(), Hook.NO_RESULT, true);
            case RETURN_VALUE -> {
                call(hook.exit(), Hook.OBJECT_RESULT, true);
                super.visitTypeInsn(Opcodes.CHECKCAST, returnType.getInternalName());
                super.visitVarInsn(Opcodes.ASTORE, result);
            }
            case THROWABLE -> {
                call(hook.exit(), Hook.OBJECT_RESULT, true);
                super.visitTypeInsn(Opcodes.CHECKCAST, THROWABLE);
                super.visitVarInsn(Opcodes.ASTORE, thrown);
            }
        }
        guard.close(List.of());
        super.visitVarInsn(Opcodes.ALOAD, thrown);
        super.visitJumpInsn(Opcodes.IFNULL, returns);
        super.visitVarInsn(Opcodes.ALOAD, thrown);
        super.visitInsn(Opcodes.ATHROW);
        super.visitLabel(returns);
        frame(List.of());
        if (result >= 0) {
            super.visitVarInsn(returnType.getOpcode(Opcodes.ILOAD), result);
        }
        super.visitInsn(returnType.getOpcode(Opcodes.IRETURN));
    }

    /**
     * A try/catch(Throwable) around the code emitted between its creation and {@link #close}: a throwable is
     * dropped, and what follows runs as if that code had not run.
     */
    private final class Guard {

        private final Label end = new Label();
        private final Label failed = new Label();
        private final Label done = new Label();

        Guard() {
            Label start = new Label();
            HookedMethod.super.visitTryCatchBlock(start, end, failed, THROWABLE);
            HookedMethod.super.visitLabel(start);
        }

        /** @param methodLocals the method's locals here (the hook's own are added) */
        void close(List<Object> methodLocals) {
            HookedMethod.super.visitLabel(end);
            HookedMethod.super.visitJumpInsn(Opcodes.GOTO, done);
            HookedMethod.super.visitLabel(failed);
            frame(methodLocals, THROWABLE);
            HookedMethod.super.visitInsn(Opcodes.POP);
            HookedMethod.super.visitLabel(done);
            frame(methodLocals);
        }
    }

    /** Calls the helper with the call's values, each passed as an Object. */
    private void call(Hook.Call call, String returnDescriptor, boolean atExit) {
        for (Value value : call.values()) {
            load(value, atExit);
        }
        super.visitMethodInsn(Opcodes.INVOKESTATIC, helper(), call.method(), call.descriptor(returnDescriptor), false);
    }

    private void load(Value value, boolean atExit) {
        switch (value.kind()) {
            case THIS, ARGUMENT -> super.visitVarInsn(Opcodes.ALOAD, atExit ? copies.get(value) : slotOf(value));
            case FIELD -> {
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitFieldInsn(Opcodes.GETFIELD, owner, value.name(), fieldDescriptors.get(value.name()));
            }
            case ENTERED -> super.visitVarInsn(Opcodes.ALOAD, entered);
            case RETURNED -> super.visitVarInsn(Opcodes.ALOAD, result);
            case THROWN -> super.visitVarInsn(Opcodes.ALOAD, thrown);
            case METHOD_NAME -> super.visitLdcInsn(name);
            case DECLARING_CLASS -> super.visitLdcInsn(Type.getObjectType(owner));
        }
    }

    private int slotOf(Value value) {
        return value.kind() == Value.Kind.THIS ? 0 : argumentSlot(value.index());
    }

    private int argumentSlot(int index) {
        int slot = isStatic ? 0 : 1;
        for (int i = 0; i < index; i++) {
            slot += arguments[i].getSize();
        }
        return slot;
    }

    private String helper() {
        return hook.helper().replace('.', '/');
    }

    /** The locals at the method's start: the instance and the arguments. */
    private List<Object> initialLocals() {
        List<Object> locals = new ArrayList<>();
        if (!isStatic) {
            locals.add(owner);
        }
        for (Type argument : arguments) {
            locals.add(frameType(argument));
        }
        return locals;
    }

    private void frame(List<Object> methodLocals, Object... stack) {
        if (frames) {
            Object[] locals = withOwnLocals(methodLocals);
            super.visitFrame(Opcodes.F_NEW, locals.length, locals, stack.length, stack);
        }
    }

    /** The method's locals (in expanded form: a long or double is one entry), then nothing up to firstOwnSlot. */
    private Object[] withOwnLocals(List<Object> methodLocals) {
        List<Object> locals = new ArrayList<>(methodLocals);
        int slots = 0;
        for (Object local : methodLocals) {
            slots += local == Opcodes.LONG || local == Opcodes.DOUBLE ? 2 : 1;
        }
        if (slots > firstOwnSlot) {
            throw new IllegalStateException("a frame of " + name + " has locals beyond its max_locals");
        }
        for (; slots < firstOwnSlot; slots++) {
            locals.add(Opcodes.TOP);
        }
        locals.addAll(ownFrameTypes);
        return locals.toArray();
    }

    private static Object frameType(Type type) {
        return switch (type.getSort()) {
            case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> Opcodes.INTEGER;
            case Type.FLOAT -> Opcodes.FLOAT;
            case Type.LONG -> Opcodes.LONG;
            case Type.DOUBLE -> Opcodes.DOUBLE;
            default -> type.getInternalName();
        };
    }

    private static int defaultValue(Type type) {
        return switch (type.getSort()) {
            case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> Opcodes.ICONST_0;
            case Type.FLOAT -> Opcodes.FCONST_0;
            case Type.LONG -> Opcodes.LCONST_0;
            case Type.DOUBLE -> Opcodes.DCONST_0;
            default -> Opcodes.ACONST_NULL;
        };
    }
}
