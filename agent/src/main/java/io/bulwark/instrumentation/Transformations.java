package io.bulwark.instrumentation;

import java.util.ArrayList;
import java.util.List;

/**
 * What the instrumentations change, in the order they declared it: {@code type(matcher)} starts a transformation,
 * {@code inject(helpers)} and {@code hook(methods, hook)} add to it. Every transformation whose matchers accept a
 * class applies to it, in order.
 */
public final class Transformations {

    /**
     * @param types   the classes it applies to
     * @param loaders the class loaders whose classes it applies to
     * @param helpers the helper classes (binary names) defined in the class's loader before it is woven
     * @param hooks   woven into the class's own methods that their matchers select
     */
    public record Transformation(Matcher<? super TypeInfo> types,
                                 Matcher<? super ClassLoader> loaders,
                                 List<String> helpers,
                                 List<MethodHook> hooks) {

        boolean appliesTo(ClassLoader loader, TypeInfo type) {
            return loaders.matches(loader) && types.matches(type);
        }
    }

    /** A hook and the methods it goes into. */
    public record MethodHook(Matcher<? super MethodInfo> methods, Hook hook) {
    }

    private final List<Transformation> declared = new ArrayList<>();

    public Transformations type(Matcher<? super TypeInfo> types) {
        return type(types, Matchers.any());
    }

    public Transformations type(Matcher<? super TypeInfo> types,
                                Matcher<? super ClassLoader> loaders) {
        declared.add(new Transformation(types, loaders, new ArrayList<>(), new ArrayList<>()));
        return this;
    }

    /**
     * The helper classes the hooks call, by binary name, defined beside the library (see {@link HelperInjector}):
     * by name, since loading a class that names a library's types into the agent's loader would fail without it.
     */
    public Transformations inject(String... helpers) {
        last().helpers().addAll(List.of(helpers));
        return this;
    }

    public Transformations hook(Matcher<? super MethodInfo> methods, Hook hook) {
        last().hooks().add(new MethodHook(methods, hook));
        return this;
    }

    private Transformation last() {
        if (declared.isEmpty()) {
            throw new IllegalStateException("inject(...) or hook(...) before any type(...)");
        }
        return declared.get(declared.size() - 1);
    }

    List<Transformation> list() {
        List<Transformation> list = new ArrayList<>(); // a loop: streams spin lambda classes in premain
        for (Transformation transformation : declared) {
            list.add(new Transformation(transformation.types(), transformation.loaders(),
                List.copyOf(transformation.helpers()), List.copyOf(transformation.hooks())));
        }
        return List.copyOf(list);
    }
}
