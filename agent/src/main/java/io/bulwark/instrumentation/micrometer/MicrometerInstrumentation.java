package io.bulwark.instrumentation.micrometer;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.instrumentation.Candidates;
import io.bulwark.instrumentation.Hook;
import io.bulwark.instrumentation.LibraryInstrumentation;
import io.bulwark.instrumentation.Transformations;

import static io.bulwark.core.ApplicationClassNames.MICROMETER;
import static io.bulwark.instrumentation.Hook.Value.DECLARING_CLASS;
import static io.bulwark.instrumentation.Hook.Value.THROWN;
import static io.bulwark.instrumentation.Matchers.isTypeInitializer;
import static io.bulwark.instrumentation.Matchers.named;

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
    public Transformations extend(Transformations transformations) {
        return transformations.type(named(METRICS))
            .hook(isTypeInitializer(), Hook.into(Bulwark.class.getName())
                .exit("micrometerGlobalRegistryReady", DECLARING_CLASS, THROWN));
    }
}
