package io.bulwark.instrumentation.kafka;

import io.bulwark.instrumentation.Advices;
import io.bulwark.instrumentation.Candidates;
import io.bulwark.instrumentation.ClientServices;
import io.bulwark.instrumentation.HelperInjector;
import io.bulwark.instrumentation.LibraryInstrumentation;
import io.bulwark.instrumentation.Transformations;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/** The Kafka producer (kafka-clients): the kafka breaker, send metrics and the request ID as a record header. */
public final class KafkaInstrumentation implements LibraryInstrumentation {

    private static final String PRODUCER = "org.apache.kafka.clients.producer.KafkaProducer";

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Candidates candidates() {
        return Candidates.named(PRODUCER);
    }

    @Override
    public Transformations extend(Transformations transformations, HelperInjector helpers, Advices advice) {
        return transformations.type(named(PRODUCER))
            .transform(helpers.helpers(KafkaSends.class.getName(), ClientServices.class.getName(),
                // by name: loading it here would fail where Kafka, whose Callback it implements, is absent
                "io.bulwark.instrumentation.kafka.RecordingCallback"))
            .transform(advice.on(named("send").and(takesArguments(2))
                        .and(takesArgument(1, named("org.apache.kafka.clients.producer.Callback"))),
                    KafkaSendAdvice.class.getName()));
    }
}
