package io.bulwark.instrumentation;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

import java.util.ArrayList;
import java.util.List;

/**
 * What the instrumentations change, in the order they declared it: {@code type(matcher)} starts a transformation,
 * each {@code transform(step)} adds a step to it. Every transformation whose matchers accept a class applies to it,
 * in order (as with Byte Buddy's AgentBuilder, whose fluent style this keeps).
 */
public final class Transformations {

    /**
     * @param types   the classes it applies to
     * @param loaders the class loaders whose classes it applies to
     * @param steps   applied in order; Byte Buddy's transformer type, so its advice transformer serves as a step
     */
    public record Transformation(ElementMatcher<? super TypeDescription> types,
                                 ElementMatcher<? super ClassLoader> loaders,
                                 List<AgentBuilder.Transformer> steps) {

        boolean appliesTo(ClassLoader loader, TypeDescription type) {
            return loaders.matches(loader) && types.matches(type);
        }
    }

    private final List<Transformation> declared = new ArrayList<>();

    public Transformations type(ElementMatcher<? super TypeDescription> types) {
        return type(types, ElementMatchers.any());
    }

    public Transformations type(ElementMatcher<? super TypeDescription> types,
                                ElementMatcher<? super ClassLoader> loaders) {
        declared.add(new Transformation(types, loaders, new ArrayList<>()));
        return this;
    }

    public Transformations transform(AgentBuilder.Transformer step) {
        if (declared.isEmpty()) {
            throw new IllegalStateException("transform(...) before any type(...)");
        }
        declared.get(declared.size() - 1).steps().add(step);
        return this;
    }

    List<Transformation> list() {
        List<Transformation> list = new ArrayList<>(); // a loop: streams spin lambda classes in premain
        for (Transformation transformation : declared) {
            list.add(new Transformation(transformation.types(), transformation.loaders(),
                List.copyOf(transformation.steps())));
        }
        return List.copyOf(list);
    }
}
