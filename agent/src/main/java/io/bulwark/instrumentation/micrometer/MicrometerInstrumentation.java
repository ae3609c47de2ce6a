package io.bulwark.instrumentation.micrometer;

import io.bulwark.instrumentation.Candidates;
import io.bulwark.instrumentation.HelperInjector;
import io.bulwark.instrumentation.LibraryInstrumentation;
import io.bulwark.instrumentation.Transformations;
import net.bytebuddy.agent.builder.AgentBuilder;

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
    public Transformations extend(Transformations transformations, HelperInjector helpers, ClassLoader agentLoader) {
        return transformations.type(named(METRICS))
            .transform(new AgentBuilder.Transformer.ForAdvice()
                .include(agentLoader)
                .advice(isTypeInitializer(), MetricsClassInitAdvice.class.getName()));
    }
}
