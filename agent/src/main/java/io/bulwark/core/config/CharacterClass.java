package io.bulwark.core.config;

/**
 * The characters allowed in a value such as an incoming request ID, written like a regex character class body:
 * single characters and ascending ranges, e.g. {@code A-Za-z0-9._:-}. A '-' first or last is a literal.
 * Only printable ASCII without space (0x21..0x7E) can be allowed, so CR, LF and non-ASCII are always refused.
 */
public final class CharacterClass {
    private static final char FIRST = 0x21;
    private static final char LAST = 0x7E;

    private final String spec;
    private final long low;   // chars 0..63
    private final long high;  // chars 64..127

    private CharacterClass(String spec, long low, long high) {
        this.spec = spec;
        this.low = low;
        this.high = high;
    }

    /** Parses a spec; the exception message says what is wrong. */
    public static CharacterClass parse(String spec) {
        if (spec.isEmpty()) {
            throw new IllegalArgumentException("must list at least one character");
        }
        long low = 0;
        long high = 0;
        int i = 0;
        while (i < spec.length()) {
            char from = printable(spec.charAt(i));
            char to = from;
            if (i + 2 < spec.length() && spec.charAt(i + 1) == '-') {
                to = printable(spec.charAt(i + 2));
                if (to < from) {
                    throw new IllegalArgumentException("range " + from + "-" + to + " is not ascending");
                }
                i += 3;
            } else {
                i += 1;
            }
            for (char c = from; c <= to; c++) {
                if (c < 64) {
                    low |= 1L << c;
                } else {
                    high |= 1L << (c - 64);
                }
            }
        }
        return new CharacterClass(spec, low, high);
    }

    private static char printable(char c) {
        if (c < FIRST || c > LAST) {
            throw new IllegalArgumentException(String.format(
                    "character U+%04X is not allowed (only printable ASCII 0x21-0x7E)", (int) c));
        }
        return c;
    }

    public boolean contains(char c) {
        if (c < 64) {
            return (low & (1L << c)) != 0;
        }
        return c < 128 && (high & (1L << (c - 64))) != 0;
    }

    /** Whether every character of {@code value} is allowed (true for an empty value). */
    public boolean allows(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            if (!contains(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The spec as written. */
    public String spec() {
        return spec;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CharacterClass that && low == that.low && high == that.high;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(low) * 31 + Long.hashCode(high);
    }

    @Override
    public String toString() {
        return spec;
    }
}
