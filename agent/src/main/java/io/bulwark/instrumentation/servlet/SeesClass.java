package io.bulwark.instrumentation.servlet;

import io.bulwark.instrumentation.Matcher;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Matches the class loaders that can see a given class, so that the costlier super-type matchers only look at
 * classes of loaders where a servlet API exists at all. Answers are remembered per loader.
 */
public final class SeesClass implements Matcher<ClassLoader> {

    private final String resource;
    private final Map<ClassLoader, Boolean> answers = Collections.synchronizedMap(new WeakHashMap<>());

    public SeesClass(String className) {
        this.resource = className.replace('.', '/') + ".class";
    }

    @Override
    public boolean matches(ClassLoader loader) {
        if (loader == null) {
            return false;
        }
        Boolean known = answers.get(loader);
        if (known == null) {
            try {
                known = loader.getResource(resource) != null;
            } catch (RuntimeException notReady) {
                return false; // e.g. a stopped web-app loader: it loads nothing more either
            }
            answers.put(loader, known);
        }
        return known;
    }
}
