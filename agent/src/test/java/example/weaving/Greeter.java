package example.weaving;

/** A class outside the agent's packages for the weaver to transform (the agent never transforms its own). */
public class Greeter {

    public String greet(String name) {
        return "hello " + name;
    }
}
