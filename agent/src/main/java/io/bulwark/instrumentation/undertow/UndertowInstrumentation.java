package io.bulwark.instrumentation.undertow;

import io.bulwark.instrumentation.Candidates;
import io.bulwark.instrumentation.Hook;
import io.bulwark.instrumentation.LibraryInstrumentation;
import io.bulwark.instrumentation.Transformations;

import static io.bulwark.instrumentation.Hook.Value.ENTERED;
import static io.bulwark.instrumentation.Hook.Value.argument;
import static io.bulwark.instrumentation.Matchers.isStatic;
import static io.bulwark.instrumentation.Matchers.named;
import static io.bulwark.instrumentation.Matchers.takesArguments;

/**
 * Undertow 2.x inbound requests: {@code Connectors.executeRootHandler} runs once when a request arrives and again on
 * every dispatch to another thread, whatever the handler chain (servlets included).
 */
public final class UndertowInstrumentation implements LibraryInstrumentation {

    /** Helpers by name: loading their classes here would need Undertow in the agent's class loader. */
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
    public Transformations extend(Transformations transformations) {
        return transformations.type(named(CONNECTORS))
            .inject(HERE + "UndertowInbound", HERE + "UndertowExchange",
                HERE + "AgentAnswer", HERE + "PreemptionGate", HERE + "ResponseOwner")
            // the handler is replaced by the agent's own answer when the pipeline answered the request (e.g. a 429)
            .hook(named("executeRootHandler").and(isStatic()).and(takesArguments(2)),
                Hook.into(HERE + "UndertowInbound")
                    .enter("enter", argument(0), argument(1))
                    .replaceArgument(0, "handlerFor", argument(0), ENTERED)
                    .exit("exit", ENTERED));
    }
}
