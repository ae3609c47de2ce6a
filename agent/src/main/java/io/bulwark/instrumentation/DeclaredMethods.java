package io.bulwark.instrumentation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;

/**
 * Tells from a raw class file whether the class (not an interface) declares a concrete method with one of given
 * names: one pass over the constant pool finds the names' entries (a name is compared only when its length
 * matches), then the method table is read for a non-abstract method named by one of them. A class that merely calls
 * such a method has the name in its constant pool too, but declares no method of that name; an interface or an
 * abstract method has no body for advice to go into (executor interfaces declaring {@code execute}, for one). No allocation unless a name is found. A class file it cannot read
 * counts as declaring one, so that Byte Buddy, which reads it properly, decides.
 */
final class DeclaredMethods {

    private static final int ACC_INTERFACE = 0x0200;
    private static final int ACC_ABSTRACT = 0x0400;

    /** The wanted names' bytes, by length (names are ASCII, whose modified UTF-8 is the same bytes). */
    private final byte[][][] byLength;

    DeclaredMethods(Collection<String> names) {
        int longest = names.stream().mapToInt(String::length).max().orElse(0);
        byLength = new byte[longest + 1][][];
        for (String name : names) {
            byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            byte[][] same = byLength[bytes.length];
            same = same == null ? new byte[1][] : Arrays.copyOf(same, same.length + 1);
            same[same.length - 1] = bytes;
            byLength[bytes.length] = same;
        }
    }

    boolean declaresAny(byte[] classFile) {
        try {
            int count = readU2(classFile, 8);
            boolean[] wanted = null; // by constant pool index: the entries holding one of the names
            int position = 10;
            for (int index = 1; index < count; index++) {
                int tag = classFile[position] & 0xff;
                switch (tag) {
                    case 1 -> { // Utf8
                        int length = readU2(classFile, position + 1);
                        if (matches(classFile, position + 3, length)) {
                            if (wanted == null) {
                                wanted = new boolean[count];
                            }
                            wanted[index] = true;
                        }
                        position += 3 + length;
                    }
                    case 7, 8, 16, 19, 20 -> position += 3; // Class, String, MethodType, Module, Package
                    case 15 -> position += 4; // MethodHandle
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> position += 5;
                    case 5, 6 -> { // Long, Double: two entries
                        position += 9;
                        index++;
                    }
                    default -> {
                        return true;
                    }
                }
            }
            if (wanted == null) {
                return false;
            }
            if ((readU2(classFile, position) & ACC_INTERFACE) != 0) {
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
                if (name < count && wanted[name] && (readU2(classFile, position) & ACC_ABSTRACT) == 0) {
                    return true;
                }
                position = skipAttributes(classFile, position + 6);
            }
            return false;
        } catch (ArrayIndexOutOfBoundsException truncated) {
            return true;
        }
    }

    private boolean matches(byte[] classFile, int start, int length) {
        if (length >= byLength.length || byLength[length] == null) {
            return false;
        }
        for (byte[] name : byLength[length]) {
            if (Arrays.equals(classFile, start, start + length, name, 0, length)) {
                return true;
            }
        }
        return false;
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

    private static int readU2(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 8 | bytes[at + 1] & 0xff;
    }

    private static long readU4(byte[] bytes, int at) {
        return (long) readU2(bytes, at) << 16 | readU2(bytes, at + 2);
    }
}
