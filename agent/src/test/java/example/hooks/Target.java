package example.hooks;

/**
 * Methods for the {@code HookWeaverTest} to hook. Each body reports through {@link Calls#ran} that it ran. No nested
 * classes or lambdas: the woven copy is defined alone in a child class loader.
 */
public class Target {

    static String label = "a static field";

    private String name = "the target";
    private int number = 7; // a primitive field, which no hook can pass

    public String greet(String who) {
        Calls.ran("greet");
        return "hello " + who;
    }

    public String echo(String text) {
        Calls.ran("echo");
        return text;
    }

    public String fail(String message) {
        Calls.ran("fail");
        throw new IllegalStateException(message);
    }

    public int parse(String text) {
        Calls.ran("parse");
        return Integer.parseInt(text);
    }

    /** Wide arguments before a reference one: its local slot is not its index. */
    public String describe(long id, double weight, String who) {
        Calls.ran("describe");
        return id + "/" + weight + "/" + who;
    }

    public String repeat(String text, int times) {
        Calls.ran("repeat");
        return text.repeat(times);
    }

    public String[] split(String text) {
        Calls.ran("split");
        return text.split(",");
    }

    public int intValue() {
        Calls.ran("intValue");
        return 42;
    }

    public long longValue() {
        Calls.ran("longValue");
        return 42L;
    }

    public boolean booleanValue() {
        Calls.ran("booleanValue");
        return true;
    }

    public double doubleValue() {
        Calls.ran("doubleValue");
        return 4.2;
    }

    public String stringValue() {
        Calls.ran("stringValue");
        return "value";
    }

    public void voidValue() {
        Calls.ran("voidValue");
    }

    public static String shout(String text) {
        Calls.ran("shout");
        return text.toUpperCase();
    }

    public String nameAndNumber() {
        return name + " " + number + " " + label;
    }
}
