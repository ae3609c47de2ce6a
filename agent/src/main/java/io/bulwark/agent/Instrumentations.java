package io.bulwark.agent;

import io.bulwark.core.AgentLog;
import io.bulwark.instrumentation.micrometer.MetricsClassInitAdvice;
import io.bulwark.instrumentation.undertow.ExecuteRootHandlerAdvice;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.NexusAccessor;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;

import static io.bulwark.core.ApplicationClassNames.MICROMETER;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isTypeInitializer;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/** Which library classes the agent changes, and with which advice. One block per instrumented library. */
final class Instrumentations {

    private Instrumentations() {
    }

    static void install(Instrumentation instrumentation, boolean micrometer) throws ReflectiveOperationException {
        ClassLoader agentLoader = Instrumentations.class.getClassLoader();
        HelperInjector injector = new HelperInjector(instrumentation, ClassFileLocator.ForClassLoader.of(agentLoader));
        // Byte Buddy's "nexus" (unused: no class format changes) would otherwise reach for sun.misc.Unsafe, which
        // JDK 24+ reports on the application's console. The property name is relocated along with Byte Buddy.
        System.setProperty(NexusAccessor.class.getName().replace("dynamic.NexusAccessor", "nexus.disabled"), "true");
        AgentBuilder builder = new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(new FailureListener())
            .ignore(nameStartsWith("io.bulwark."));

        builder = builder.type(named("io.undertow.server.Connectors"))
            .transform(injector.helpers("io.bulwark.instrumentation.undertow.UndertowInbound",
                "io.bulwark.instrumentation.undertow.UndertowExchange",
                "io.bulwark.instrumentation.undertow.AgentAnswer",
                "io.bulwark.instrumentation.undertow.PreemptionGate",
                "io.bulwark.instrumentation.undertow.ResponseOwner"))
            .transform(new AgentBuilder.Transformer.ForAdvice()
                .include(agentLoader)
                .advice(named("executeRootHandler").and(isStatic()).and(takesArguments(2)),
                    ExecuteRootHandlerAdvice.class.getName()));

        if (micrometer) {
            builder = builder.type(named(MICROMETER + ".core.instrument.Metrics"))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                    .include(agentLoader)
                    .advice(isTypeInitializer(), MetricsClassInitAdvice.class.getName()));
        }
        builder.installOn(instrumentation);
    }

    /** A class the agent could not transform stays as it was; say so once per class. */
    private static final class FailureListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable error) {
            AgentLog.warn("could not instrument " + typeName + " (it runs unchanged): " + error);
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader classLoader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            AgentLog.info("instrumented " + type.getName() + " in " + classLoader);
        }
    }
}
