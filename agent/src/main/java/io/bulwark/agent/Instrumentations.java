package io.bulwark.agent;

import io.bulwark.core.AgentLog;
import io.bulwark.instrumentation.CandidateFilter;
import io.bulwark.instrumentation.Candidates;
import io.bulwark.instrumentation.HelperInjector;
import io.bulwark.instrumentation.LibraryInstrumentation;
import io.bulwark.instrumentation.elasticsearch.ElasticsearchInstrumentation;
import io.bulwark.instrumentation.jdbc.JdbcInstrumentation;
import io.bulwark.instrumentation.kafka.KafkaInstrumentation;
import io.bulwark.instrumentation.lettuce.LettuceInstrumentation;
import io.bulwark.instrumentation.micrometer.MicrometerInstrumentation;
import io.bulwark.instrumentation.servlet.jakarta.JakartaServletInstrumentation;
import io.bulwark.instrumentation.servlet.javax.JavaxServletInstrumentation;
import io.bulwark.instrumentation.undertow.UndertowInstrumentation;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.NexusAccessor;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isExtensionClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

/** Applies every library instrumentation. */
final class Instrumentations {

    private Instrumentations() {
    }

    /**
     * The instrumented libraries; the application's Micrometer only when its meters are to be exposed.
     *
     * @param sqlComments whether JDBC statements start with a comment naming the request ID
     */
    static List<LibraryInstrumentation> all(boolean applicationMeters, boolean sqlComments) {
        List<LibraryInstrumentation> all = new ArrayList<>(List.of(
            new UndertowInstrumentation(),
            new JakartaServletInstrumentation(),
            new JavaxServletInstrumentation(),
            new JdbcInstrumentation(sqlComments),
            new KafkaInstrumentation(),
            new LettuceInstrumentation(),
            new ElasticsearchInstrumentation()));
        if (applicationMeters) {
            all.add(new MicrometerInstrumentation());
        }
        return all;
    }

    /**
     * @param atJvmStart true at JVM start: the classes already loaded (the JDK's, the agent's) are not looked at, which
     *                   saves a pass over all of them; attached at runtime, the loaded ones are retransformed
     */
    static void install(Instrumentation instrumentation, List<LibraryInstrumentation> libraries, boolean atJvmStart)
        throws ReflectiveOperationException {
        ClassLoader agentLoader = Instrumentations.class.getClassLoader();
        HelperInjector helpers = new HelperInjector(instrumentation, ClassFileLocator.ForClassLoader.of(agentLoader));
        // Byte Buddy's "nexus" (unused: no class format changes) would otherwise reach for sun.misc.Unsafe, which
        // JDK 24+ reports on the application's console. The property name is relocated along with Byte Buddy.
        System.setProperty(NexusAccessor.class.getName().replace("dynamic.NexusAccessor", "nexus.disabled"), "true");
        AgentBuilder builder = new AgentBuilder.Default(leanByteBuddy())
            .with(AgentBuilder.TypeStrategy.Default.DECORATE) // kept by disableClassFormatChanges
            .disableClassFormatChanges()
            .with(atJvmStart ? AgentBuilder.RedefinitionStrategy.DISABLED
                : AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(new FailureListener())
            // Nothing the agent instruments is the JDK's: the boot and platform loaders' classes (and the agent's own,
            // and synthetic ones) are skipped before any matcher runs; of the others, only the libraries'
            // candidates (see CandidateFilter) are parsed for the matchers.
            .ignore(any(), isBootstrapClassLoader().or(isExtensionClassLoader()))
            .or(nameStartsWith("io.bulwark.").or(isSynthetic()));
        Candidates candidates = Candidates.named();
        for (LibraryInstrumentation library : libraries) {
            builder = library.extend(builder, helpers, agentLoader);
            candidates = candidates.and(library.candidates());
        }
        builder.with(CandidateFilter.of(candidates)).installOn(instrumentation);
    }

    /**
     * Byte Buddy set up for advice only (as OpenTelemetry's agent does): the advice goes into methods a class declares
     * itself, so the instrumented type needs neither the method graph of its whole hierarchy, nor visibility bridges,
     * nor a re-validated, re-registered method list, and the class is decorated in place rather than redefined. Each
     * of these costs start-up time on every class the agent transforms: on the sample service, with the decorating
     * strategy, Byte Buddy's CPU for its 18 classes fell from ~0.95 s to 0.6 s.
     */
    private static ByteBuddy leanByteBuddy() {
        return new ByteBuddy()
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
            .with(VisibilityBridgeStrategy.Default.NEVER)
            .with(InstrumentedType.Factory.Default.FROZEN)
            .with(TypeValidation.DISABLED);
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
