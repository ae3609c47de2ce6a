package io.bulwark.agent;

import io.bulwark.bootstrap.Mdc;
import io.bulwark.instrumentation.Candidates;
import io.bulwark.instrumentation.DirectMdc;
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
        HelperInjector helpers = new HelperInjector(instrumentation, Instrumentations.class.getClassLoader());
        Mdc.installDirectAccess(new DirectMdc(helpers));
        Transformations transformations = new Transformations();
        Candidates candidates = Candidates.named();
        for (LibraryInstrumentation library : libraries) {
            transformations = library.extend(transformations);
            candidates = candidates.and(library.candidates());
        }
        Weaver weaver = new Weaver(transformations, candidates, helpers);
        instrumentation.addTransformer(weaver, !atJvmStart);
        if (!atJvmStart) {
            weaver.retransformLoaded(instrumentation);
        }
    }
}
