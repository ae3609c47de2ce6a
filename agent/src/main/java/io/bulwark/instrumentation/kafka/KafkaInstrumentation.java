package io.bulwark.instrumentation.kafka;

import io.bulwark.instrumentation.Candidates;
import io.bulwark.instrumentation.ClientServices;
import io.bulwark.instrumentation.Hook;
import io.bulwark.instrumentation.LibraryInstrumentation;
import io.bulwark.instrumentation.Transformations;

import static io.bulwark.instrumentation.Hook.Value.ENTERED;
import static io.bulwark.instrumentation.Hook.Value.RETURNED;
import static io.bulwark.instrumentation.Hook.Value.THIS;
import static io.bulwark.instrumentation.Hook.Value.THROWN;
import static io.bulwark.instrumentation.Hook.Value.argument;
import static io.bulwark.instrumentation.Hook.Value.field;
import static io.bulwark.instrumentation.Matchers.named;
import static io.bulwark.instrumentation.Matchers.takesArgument;
import static io.bulwark.instrumentation.Matchers.takesArguments;

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
    public Transformations extend(Transformations transformations) {
        return transformations.type(named(PRODUCER))
            .inject(KafkaSends.class.getName(), ClientServices.class.getName(),
                // by name: loading it here would fail where Kafka, whose Callback it implements, is absent
                "io.bulwark.instrumentation.kafka.RecordingCallback")
            // a send the breaker refuses is skipped: its callback and the future it returns fail
            .hook(named("send").and(takesArguments(2))
                    .and(takesArgument(1, "org.apache.kafka.clients.producer.Callback")),
                Hook.into(KafkaSends.class.getName())
                    .enter("enter", THIS, argument(0), argument(1), field("transactionManager"))
                    .replaceArgument(1, "callback", ENTERED, argument(1))
                    .skipWhen("refuses")
                    .exitReplacingReturn("exit", ENTERED, argument(0), argument(1), RETURNED, THROWN));
    }
}
