package io.bulwark.instrumentation.kafka;

import net.bytebuddy.asm.Advice;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.concurrent.Future;

/**
 * Inlined into {@code KafkaProducer.send(ProducerRecord, Callback)}, which the one-argument send delegates to. The
 * callback is replaced by one that records the outcome; a refused send is skipped and fails from the exit advice.
 */
public final class KafkaSendAdvice {

    private KafkaSendAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Exception.class, suppress = Throwable.class)
    public static Object enter(@Advice.This Object producer, @Advice.Argument(0) ProducerRecord<?, ?> record,
                               @Advice.Argument(value = 1, readOnly = false) Callback callback,
                               @Advice.FieldValue("transactionManager") Object transactionManager) {
        Object entered = KafkaSends.enter(producer, record, callback, transactionManager);
        if (entered instanceof RecordingCallback recording) {
            callback = recording;
        }
        return entered;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object entered, @Advice.Argument(0) ProducerRecord<?, ?> record,
                            @Advice.Argument(1) Callback callback,
                            @Advice.Return(readOnly = false) Future<RecordMetadata> future,
                            @Advice.Thrown Throwable thrown) {
        if (entered instanceof Exception) {
            // the future first: should the application's callback throw, the send still returns it
            future = KafkaSends.failedFuture(entered);
            KafkaSends.failCallback(record, callback, entered);
        } else if (thrown != null) {
            KafkaSends.thrown(entered, thrown);
        }
    }
}
