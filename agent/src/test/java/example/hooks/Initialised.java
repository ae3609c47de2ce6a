package example.hooks;

/** A class whose static initializer ({@code <clinit>()V}) the {@code HookWeaverTest} hooks. */
public class Initialised {

    public static final String STATE;

    static {
        int sum = 0;
        for (int i = 1; i <= 3; i++) { // a loop, so the initializer has stack map frames
            sum += i;
        }
        STATE = "initialised " + sum;
        Calls.ran("<clinit>");
    }

    private Initialised() {
    }
}
