package example.hooks;

/**
 * Methods the {@code HookWeaverTest} rewrites into a Java 5 class file (no stack map frames) before weaving. Hence no
 * string concatenation, lambdas or switches on strings: javac compiles those to invokedynamic or Java 7 calls.
 */
public class Legacy {

    private final Object lock = new Object();
    private int counter;

    /** The first instruction is a loop's target. */
    public int spin(int n) {
        while (true) {
            if (n >= 10) {
                return n;
            }
            n += 3;
        }
    }

    public static long wide(long a, double b) {
        long sum = 0;
        for (int i = 0; i < 3; i++) {
            sum += a * i;
        }
        return sum + (long) b;
    }

    public String classify(int n) {
        switch (n) {
            case 0:
                return "zero";
            case 1:
                return "one";
            default:
                return n < 0 ? "negative" : "many";
        }
    }

    public int parse(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        } finally {
            counter++;
        }
    }

    public int locked(int n) {
        synchronized (lock) {
            if (n < 0) {
                throw new IllegalArgumentException("negative");
            }
            return n * 2;
        }
    }

    public String echo(String text) {
        return text;
    }
}
