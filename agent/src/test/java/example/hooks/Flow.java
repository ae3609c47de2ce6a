package example.hooks;

/**
 * Methods whose control flow gives them stack map frames of every kind, for the {@code HookWeaverTest} to weave and
 * compare with the originals. Every method has a distinct name.
 */
public class Flow {

    /** Fields and a method with attributes of their own, which the weaver skips when it reads the class. */
    private static final long STEP = 3L; // ConstantValue
    private final java.util.List<String> seen = java.util.List.of(); // Signature

    private final Object lock = new Object();
    private int total;

    /** Generic, deprecated and declaring what it throws: Signature, Deprecated, annotation and Exceptions attributes. */
    @Deprecated
    public <T extends Comparable<T>> T larger(T a, T b) throws IllegalArgumentException {
        return a.compareTo(b) >= seen.size() ? a : b;
    }

    public int sumTo(int n) {
        int sum = 0;
        for (int i = 1; i <= n; i++) {
            sum += i;
        }
        return sum;
    }

    /** The first instruction is a loop's target: the original code has a stack map frame at offset 0. */
    public int spin(int n) {
        while (true) {
            if (n >= 10) {
                return n;
            }
            n += 3;
        }
    }

    /** As {@link #spin}, static, with wide locals in the frame at offset 0. */
    public static long spinWide(long n, double step) {
        for (;;) {
            if (n > 100) {
                return n + (long) step;
            }
            n = n * 2 + 1;
        }
    }

    /** A do-while: the loop's target is offset 0, and its body runs before any test. */
    public static int countDown(int n) {
        do {
            n--;
        } while (n > 0);
        return n;
    }

    public String classify(int n) {
        switch (n) {
            case 0:
                return "zero";
            case 1:
            case 2:
                return "small";
            case 100:
                return "hundred";
            default:
                if (n < 0) {
                    return "negative";
                }
        }
        return "other";
    }

    public int lookup(String key) {
        return switch (key) {
            case "one" -> 1;
            case "two" -> 2;
            case "many" -> {
                int many = 0;
                for (char c : key.toCharArray()) {
                    many += c;
                }
                yield many;
            }
            default -> -1;
        };
    }

    public String parseOrNot(String text) {
        String result;
        try {
            result = "number " + Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return "not a number";
        } finally {
            total++;
        }
        return result;
    }

    /** A return inside try-finally: javac copies the finally block before it. */
    public int finallyOnReturn(int n) {
        try {
            if (n > 5) {
                return n;
            }
            n++;
        } finally {
            n *= 2;
        }
        return n;
    }

    public String nested(int n) {
        try {
            try {
                if (n == 1) {
                    throw new IllegalStateException("inner");
                }
                return "ok " + n;
            } catch (IllegalStateException e) {
                if (n == 1) {
                    throw new IllegalArgumentException("rethrown", e);
                }
                return "unreachable";
            }
        } catch (IllegalArgumentException e) {
            return "caught " + e.getMessage();
        }
    }

    public double mix(long a, double b, int c) {
        long product = a * c;
        double scaled = b * product;
        float narrowed = (float) scaled;
        if (narrowed > 10) {
            long bigger = product + 1;
            return bigger + scaled;
        }
        return scaled - a;
    }

    public float ratio(int a, int b) {
        if (b == 0) {
            return Float.NaN;
        }
        return (float) a / b;
    }

    public char initial(String text) {
        return text.isEmpty() ? '?' : text.charAt(0);
    }

    public int locked(int n) {
        synchronized (lock) {
            if (n < 0) {
                throw new IllegalArgumentException("negative " + n);
            }
            if (n == 0) {
                return -1;
            }
            total += n;
            return n * 2;
        }
    }

    public synchronized long lockedMethod(long n) {
        return n < 0 ? -n : n;
    }

    public int divide(int a, int b) {
        return a / b;
    }

    /** An uninitialized object (new, not yet constructed) on the operand stack at a frame. */
    public String build(boolean yes) {
        return new StringBuilder(yes ? "yes" : "no").append('!').toString();
    }

    public void check(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative " + n);
        }
        if (n == 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            total += i;
        }
    }
}
