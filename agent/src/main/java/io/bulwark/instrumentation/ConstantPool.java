package io.bulwark.instrumentation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;

/**
 * Looks for given names among the UTF-8 constants of a class file by walking its constant pool: one pass over the
 * bytes, no allocation, a name compared only when its length matches. A class file it cannot read counts as
 * containing them, so that Byte Buddy, which reads it properly, decides.
 */
final class ConstantPool {

    /** The wanted names' bytes, by length (names are ASCII, whose modified UTF-8 is the same bytes). */
    private final byte[][][] byLength;

    ConstantPool(Collection<String> names) {
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

    boolean containsAny(byte[] classFile) {
        try {
            int count = readU2(classFile, 8);
            int position = 10;
            for (int index = 1; index < count; index++) {
                int tag = classFile[position] & 0xff;
                switch (tag) {
                    case 1 -> { // Utf8
                        int length = readU2(classFile, position + 1);
                        if (matches(classFile, position + 3, length)) {
                            return true;
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

    private static int readU2(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 8 | bytes[at + 1] & 0xff;
    }
}
