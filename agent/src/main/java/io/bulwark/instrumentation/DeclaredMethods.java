package io.bulwark.instrumentation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Tells from a raw class file whether the class (not an interface) declares a concrete method of given
 * {@link AdvisedMethods}: one pass over the constant pool finds the wanted names' entries (a name is compared only
 * when its length matches), then the method table is read for a non-abstract method named by one of them whose
 * descriptor begins with one of the parameter lists wanted for that name and ends with a return type wanted for it.
 * A class that merely calls such a method has the name in its constant pool too, but declares no method of that
 * name; an interface or an abstract method has no body for a hook to go into. No allocation unless a name is found.
 * A class file it cannot read counts as declaring one, so that the matchers, which read it properly, decide.
 */
final class DeclaredMethods {

    private static final int ACC_INTERFACE = 0x0200;
    private static final int ACC_ABSTRACT = 0x0400;

    /**
     * A wanted name, the parameter lists (descriptor beginnings) and the return types (descriptor ends, null for
     * any) wanted with it, in modified UTF-8.
     */
    private record Wanted(byte[] name, byte[][] parameterLists, byte[][] returns) {
    }

    /** The wanted names by length. */
    private final Wanted[][] byLength;

    DeclaredMethods(Collection<AdvisedMethods> methods) {
        // several AdvisedMethods may name the same method: their lists and return types are merged, which can only
        // let more classes through to the matchers, never fewer
        Map<String, Set<String>> parametersByName = new LinkedHashMap<>();
        Map<String, Set<String>> returnsByName = new LinkedHashMap<>();
        Set<String> anyReturn = new HashSet<>();
        for (AdvisedMethods advised : methods) {
            for (String name : advised.names()) {
                if (!parametersByName.containsKey(name)) {
                    parametersByName.put(name, new LinkedHashSet<>());
                    returnsByName.put(name, new LinkedHashSet<>());
                }
                parametersByName.get(name).addAll(advised.parameters());
                if (advised.returns().isEmpty()) {
                    anyReturn.add(name);
                }
                returnsByName.get(name).addAll(advised.returns());
            }
        }
        // plain loops, no streams or lambdas: this runs in premain, where each lambda is a class spun at start-up
        int longest = 0;
        for (String name : parametersByName.keySet()) {
            longest = Math.max(longest, name.length());
        }
        byLength = new Wanted[longest + 1][];
        for (Map.Entry<String, Set<String>> entry : parametersByName.entrySet()) {
            String name = entry.getKey();
            Wanted wanted = new Wanted(utf8(name), utf8(entry.getValue()),
                anyReturn.contains(name) ? null : utf8(returnsByName.get(name)));
            Wanted[] same = byLength[wanted.name().length];
            same = same == null ? new Wanted[1] : Arrays.copyOf(same, same.length + 1);
            same[same.length - 1] = wanted;
            byLength[wanted.name().length] = same;
        }
    }

    boolean declaresAny(byte[] classFile) {
        try {
            int count = readU2(classFile, 8);
            Wanted[] wanted = null; // by constant pool index: the entries holding one of the names
            int position = 10;
            for (int index = 1; index < count; index++) {
                int tag = classFile[position] & 0xff;
                if (tag == 1) {
                    Wanted name = find(classFile, position + 3, readU2(classFile, position + 1));
                    if (name != null) {
                        if (wanted == null) {
                            wanted = new Wanted[count];
                        }
                        wanted[index] = name;
                    }
                } else if (tag == 5 || tag == 6) {
                    index++; // Long, Double: two entries
                }
                position = nextEntry(classFile, position);
            }
            if (wanted == null || (readU2(classFile, position) & ACC_INTERFACE) != 0) {
                return false;
            }
            position += 6; // access flags, this class, super class
            position += 2 + 2 * readU2(classFile, position); // interfaces
            int fields = readU2(classFile, position);
            position += 2;
            for (int field = 0; field < fields; field++) {
                position = skipAttributes(classFile, position + 6);
            }
            int methods = readU2(classFile, position);
            position += 2;
            for (int method = 0; method < methods; method++) {
                int name = readU2(classFile, position + 2);
                if (name < count && wanted[name] != null && (readU2(classFile, position) & ACC_ABSTRACT) == 0
                    && takes(classFile, readU2(classFile, position + 4), wanted[name])) {
                    return true;
                }
                position = skipAttributes(classFile, position + 6);
            }
            return false;
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException unreadable) {
            return true;
        }
    }

    private Wanted find(byte[] classFile, int start, int length) {
        if (length >= byLength.length || byLength[length] == null) {
            return null;
        }
        for (Wanted wanted : byLength[length]) {
            if (Arrays.equals(classFile, start, start + length, wanted.name(), 0, length)) {
                return wanted;
            }
        }
        return null;
    }

    /** Whether the descriptor (a constant pool index) has one of the parameter lists and return types wanted. */
    private static boolean takes(byte[] classFile, int descriptorIndex, Wanted wanted) {
        int position = 10;
        for (int index = 1; index < descriptorIndex; index++) {
            int tag = classFile[position] & 0xff;
            if (tag == 5 || tag == 6) {
                index++;
            }
            position = nextEntry(classFile, position);
        }
        int start = position + 3;
        int end = start + readU2(classFile, position + 1);
        return beginsWithOneOf(classFile, start, end, wanted.parameterLists())
            && (wanted.returns() == null || returnsOneOf(classFile, start, end, wanted.returns()));
    }

    private static boolean beginsWithOneOf(byte[] classFile, int start, int end, byte[][] beginnings) {
        for (byte[] beginning : beginnings) {
            if (end - start >= beginning.length
                && Arrays.equals(classFile, start, start + beginning.length, beginning, 0, beginning.length)) {
                return true;
            }
        }
        return false;
    }

    /** The return type is all that follows the descriptor's ')': "I" must not match the end of "[I". */
    private static boolean returnsOneOf(byte[] classFile, int start, int end, byte[][] returns) {
        for (byte[] returned : returns) {
            int from = end - returned.length;
            if (from > start && classFile[from - 1] == ')'
                && Arrays.equals(classFile, from, end, returned, 0, returned.length)) {
                return true;
            }
        }
        return false;
    }

    /** @param position where a constant pool entry starts; returns where the next one does */
    private static int nextEntry(byte[] classFile, int position) {
        return switch (classFile[position] & 0xff) {
            case 1 -> position + 3 + readU2(classFile, position + 1); // Utf8
            case 7, 8, 16, 19, 20 -> position + 3; // Class, String, MethodType, Module, Package
            case 15 -> position + 4; // MethodHandle
            case 3, 4, 9, 10, 11, 12, 17, 18 -> position + 5;
            case 5, 6 -> position + 9; // Long, Double
            default -> throw new IllegalArgumentException("constant pool tag " + (classFile[position] & 0xff));
        };
    }

    /** @param position where a field's or method's attributes_count is; returns the position after its attributes */
    private static int skipAttributes(byte[] classFile, int position) {
        int attributes = readU2(classFile, position);
        position += 2;
        for (int attribute = 0; attribute < attributes; attribute++) {
            long length = readU4(classFile, position + 2);
            if (length > classFile.length) {
                throw new ArrayIndexOutOfBoundsException("attribute longer than the class file");
            }
            position += 6 + (int) length;
        }
        return position;
    }

    /** Names and descriptors here are ASCII-like; UTF-8 is modified UTF-8 for everything but NUL and 4-byte forms. */
    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[][] utf8(Collection<String> texts) {
        byte[][] bytes = new byte[texts.size()][];
        int i = 0;
        for (String text : texts) {
            bytes[i++] = utf8(text);
        }
        return bytes;
    }

    private static int readU2(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 8 | bytes[at + 1] & 0xff;
    }

    private static long readU4(byte[] bytes, int at) {
        return (long) readU2(bytes, at) << 16 | readU2(bytes, at + 2);
    }
}
