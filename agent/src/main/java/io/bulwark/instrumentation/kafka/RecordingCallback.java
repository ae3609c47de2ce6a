package io.bulwark.instrumentation.kafka;

import io.bulwark.bootstrap.DownstreamCall;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Injected beside KafkaProducer: records a send's outcome when it completes, then calls the application's callback. */
public final class RecordingCallback implements Callback {

    private final DownstreamCall call;
    private final Callback application;

    RecordingCallback(DownstreamCall call, Callback application) {
        this.call = call;
        this.application = application;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception == null) {
            call.success();
        } else {
            call.failure(exception);
        }
        if (application != null) {
            application.onCompletion(metadata, exception);
        }
    }
}
