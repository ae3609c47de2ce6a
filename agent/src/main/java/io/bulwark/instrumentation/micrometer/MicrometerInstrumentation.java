package io.bulwark.instrumentation.micrometer;

import io.bulwark.instrumentation.Advices;
import io.bulwark.instrumentation.Candidates;
import io.bulwark.instrumentation.HelperInjector;
import io.bulwark.instrumentation.LibraryInstrumentation;
import io.bulwark.instrumentation.Transformations;

import static io.bulwark.core.ApplicationClassNames.MICROMETER;
import static net.bytebuddy.matcher.ElementMatchers.isTypeInitializer;
import static net.bytebuddy.matcher.ElementMatchers.named;

/** The application's Micrometer global registry, so the agent can expose the application's own meters. */
public final class MicrometerInstrumentation implements LibraryInstrumentation {

    private static final String METRICS = MICROMETER + ".core.instrument.Metrics";

    @Override
    public String name() {
        return "micrometer";
    }

    @Override
    public Candidates candidates() {
        return Candidates.named(METRICS);
    }

    @Override
    public Transformations extend(Transformations transformations, HelperInjector helpers, Advices advice) {
        return transformations.type(named(METRICS))
            .transform(advice.on(isTypeInitializer(), MetricsClassInitAdvice.class.getName()));
    }
}
