package io.bulwark.it.isolation;

/** A program that does its work and returns: with the agent attached, its JVM must still exit. */
public final class ShortLivedApp {

    private ShortLivedApp() {
    }

    public static void main(String[] args) {
        System.out.println("short-lived app done");
    }
}
