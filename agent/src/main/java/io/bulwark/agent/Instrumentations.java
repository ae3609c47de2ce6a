package io.bulwark.agent;

import io.bulwark.instrumentation.Advices;
import io.bulwark.instrumentation.Candidates;
import io.bulwark.instrumentation.HelperInjector;
import io.bulwark.instrumentation.LibraryInstrumentation;
import io.bulwark.instrumentation.Transformations;
import io.bulwark.instrumentation.Weaver;
import io.bulwark.instrumentation.elasticsearch.ElasticsearchInstrumentation;
import io.bulwark.instrumentation.jdbc.JdbcInstrumentation;
import io.bulwark.instrumentation.kafka.KafkaInstrumentation;
import io.bulwark.instrumentation.lettuce.LettuceInstrumentation;
import io.bulwark.instrumentation.micrometer.MicrometerInstrumentation;
import io.bulwark.instrumentation.servlet.jakarta.JakartaServletInstrumentation;
import io.bulwark.instrumentation.servlet.javax.JavaxServletInstrumentation;
import io.bulwark.instrumentation.undertow.UndertowInstrumentation;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

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
     * @param atJvmStart true at JVM start: no class the agent instruments is loaded yet; attached at runtime, the
     *                   loaded ones are retransformed
     */
    static void install(Instrumentation instrumentation, List<LibraryInstrumentation> libraries, boolean atJvmStart)
        throws ReflectiveOperationException {
        ClassFileLocator agentClasses = ClassFileLocator.ForClassLoader.of(Instrumentations.class.getClassLoader());
        HelperInjector helpers = new HelperInjector(instrumentation, agentClasses);
        Advices advice = new Advices(agentClasses);
        Transformations transformations = new Transformations();
        Candidates candidates = Candidates.named();
        for (LibraryInstrumentation library : libraries) {
            transformations = library.extend(transformations, helpers, advice);
            candidates = candidates.and(library.candidates());
        }
        Weaver weaver = new Weaver(leanByteBuddy(), transformations, candidates);
        instrumentation.addTransformer(weaver, !atJvmStart);
        if (!atJvmStart) {
            weaver.retransformLoaded(instrumentation);
        }
    }

    /**
     * Byte Buddy set up for advice only (as OpenTelemetry's agent does): the advice goes into methods a class declares
     * itself, so the instrumented type needs neither the method graph of its whole hierarchy, nor visibility bridges,
     * nor a re-validated, re-registered method list (the {@link Weaver} decorates the class in place). Each of these
     * costs start-up time on every class the agent transforms: on the sample service, Byte Buddy's CPU for its 18
     * classes fell from ~0.95 s to 0.6 s.
     */
    private static ByteBuddy leanByteBuddy() {
        return new ByteBuddy()
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
            .with(VisibilityBridgeStrategy.Default.NEVER)
            .with(InstrumentedType.Factory.Default.FROZEN)
            .with(TypeValidation.DISABLED);
    }
}
