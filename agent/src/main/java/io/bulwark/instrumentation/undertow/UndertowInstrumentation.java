package io.bulwark.instrumentation.undertow;

import io.bulwark.instrumentation.Advices;
import io.bulwark.instrumentation.Candidates;
import io.bulwark.instrumentation.HelperInjector;
import io.bulwark.instrumentation.LibraryInstrumentation;
import io.bulwark.instrumentation.Transformations;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Undertow 2.x inbound requests: {@code Connectors.executeRootHandler} runs once when a request arrives and again on
 * every dispatch to another thread, whatever the handler chain (servlets included).
 */
public final class UndertowInstrumentation implements LibraryInstrumentation {

    /** Helpers and advice by name: loading their classes here would need Undertow in the agent's class loader. */
    private static final String HERE = UndertowInstrumentation.class.getPackageName() + ".";
    private static final String CONNECTORS = "io.undertow.server.Connectors";

    @Override
    public String name() {
        return "undertow";
    }

    @Override
    public Candidates candidates() {
        return Candidates.named(CONNECTORS);
    }

    @Override
    public Transformations extend(Transformations transformations, HelperInjector helpers, Advices advice) {
        return transformations.type(named(CONNECTORS))
            .transform(helpers.helpers(HERE + "UndertowInbound", HERE + "UndertowExchange",
                HERE + "AgentAnswer", HERE + "PreemptionGate", HERE + "ResponseOwner"))
            .transform(advice.on(named("executeRootHandler").and(isStatic()).and(takesArguments(2)),
                    HERE + "ExecuteRootHandlerAdvice"));
    }
}
