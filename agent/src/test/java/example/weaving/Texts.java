package example.weaving;

/** Hook helpers for {@link Greeter}: each changes the greeting it is given. */
public final class Texts {

    private Texts() {
    }

    public static Object shout(Object greeting) {
        return ((String) greeting).toUpperCase();
    }

    public static Object exclaim(Object greeting) {
        return greeting + "!";
    }
}
