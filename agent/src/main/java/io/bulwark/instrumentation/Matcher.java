package io.bulwark.instrumentation;

/**
 * Selects classes, methods or class loaders for a {@link Transformations transformation}; built with
 * {@link Matchers}.
 *
 * @param <T> what it looks at
 */
@FunctionalInterface
public interface Matcher<T> {

    boolean matches(T target);

    /** Both, this one first (put the cheaper first). */
    default <U extends T> Matcher<U> and(Matcher<? super U> other) {
        return target -> matches(target) && other.matches(target);
    }

    default <U extends T> Matcher<U> or(Matcher<? super U> other) {
        return target -> matches(target) || other.matches(target);
    }
}
