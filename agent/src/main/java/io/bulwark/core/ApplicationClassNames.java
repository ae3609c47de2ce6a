package io.bulwark.core;

/**
 * Package names of libraries that the application may bring and that the agent also shades. They are assembled at
 * run time: the shade plugin rewrites every string constant that starts with a relocated package, which would turn
 * a reference to the application's Micrometer into one to the agent's own copy.
 */
public final class ApplicationClassNames {

    /** The application's io.micrometer package. */
    public static final String MICROMETER = String.join(".", "io", "micrometer");

    private ApplicationClassNames() {
    }
}
