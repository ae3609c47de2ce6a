package io.bulwark.instrumentation.kafka;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.bootstrap.DownstreamCall;
import io.bulwark.bootstrap.InboundRequest;
import io.bulwark.instrumentation.ClientServices;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.internals.TransactionManager;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Injected beside KafkaProducer: what the send hook does. A send is protected by the kafka breaker and recorded
 * when it completes; a refused one never reaches the producer and fails the way a send fails when no broker answers
 * in time: a {@link TimeoutException} given to the callback (on the calling thread) and in the returned future.
 * A producer's service is found once, from its bootstrap.servers.
 *
 * <p>call_timeout is not imposed on sends: the producer's own max.block.ms bounds the blocking part of
 * {@code send} (waiting for metadata or buffer space) and delivery.timeout.ms the rest, and cutting either short
 * would change what the application configured; a send slower than slow_call_duration still counts as slow.
 */
public final class KafkaSends {

    private static final ClientServices SERVICES = new ClientServices("kafka");
    private static final String SEND = "send";
    static final String REQUEST_ID_HEADER = "X-Request-ID";

    private KafkaSends() {
    }

    /**
     * Returns the callback to send with (records the outcome, then calls the application's), the failure of a send
     * that must not be made, or null to send as the application asked. A transactional producer is left to itself:
     * skipping one of its sends would let the transaction commit without the record, where the producer's own
     * failure makes the commit fail.
     */
    public static Object enter(Object producer, Object sent, Object callback, Object transactionManager) {
        ProducerRecord<?, ?> record = (ProducerRecord<?, ?>) sent;
        InboundRequest request = InboundRequest.current();
        if (request != null) {
            addRequestId(record, request.requestId());
        }
        if (transactionManager instanceof TransactionManager manager && manager.isTransactional()) {
            return null;
        }
        if (InboundRequest.currentDeadlinePassed()) {
            return new TimeoutException("Bulwark: the deadline of the request being handled has passed;"
                + " the record was not sent");
        }
        String service = SERVICES.of(producer, KafkaSends::bootstrapServers);
        DownstreamCall call = Bulwark.downstream().start(service, SEND);
        if (!call.permitted()) {
            return new TimeoutException("Bulwark: the circuit breaker of service '" + service + "' is open;"
                + " the record was not sent");
        }
        return new RecordingCallback(call, (Callback) callback);
    }

    /** The callback to send with: the recording one {@link #enter} made, else the application's. */
    public static Object callback(Object entered, Object callback) {
        return entered instanceof RecordingCallback ? entered : callback;
    }

    /** Whether {@link #enter} refused the send (it returned the failure): the producer is not called. */
    public static boolean refuses(Object entered) {
        return entered instanceof Exception;
    }

    /** Leaves send: returns what it returns, a failed future for a refused send. */
    public static Object exit(Object entered, Object record, Object callback, Object returned, Object thrown) {
        if (entered instanceof Exception refusal) {
            try {
                failCallback((ProducerRecord<?, ?>) record, (Callback) callback, refusal);
            } catch (RuntimeException | Error applicationCallback) {
                // the application's own callback failed: the send still returns its failed future
            }
            return CompletableFuture.failedFuture(refusal);
        }
        if (thrown != null) {
            thrown(entered, (Throwable) thrown);
        }
        return returned;
    }

    /** The producer's bootstrap.servers, joined by commas (its config is a private field of KafkaProducer). */
    private static String bootstrapServers(Object producer) {
        try {
            Field config = KafkaProducer.class.getDeclaredField("producerConfig");
            config.setAccessible(true);
            return String.join(",", ((ProducerConfig) config.get(producer)).getList("bootstrap.servers"));
        } catch (ReflectiveOperationException | ClassCastException unknown) {
            return null;
        }
    }

    /** The send threw instead of completing its callback (e.g. interrupted while waiting for metadata). */
    private static void thrown(Object entered, Throwable thrown) {
        if (entered instanceof RecordingCallback recording) {
            recording.onCompletion(null, thrown instanceof Exception exception ? exception : new Exception(thrown));
        }
    }

    /** Tells the application's callback, as the producer does with the metadata of a record that got nowhere. */
    private static void failCallback(ProducerRecord<?, ?> record, Callback callback, Exception refusal) {
        if (callback == null) {
            return;
        }
        TopicPartition partition = new TopicPartition(record.topic(),
            record.partition() == null ? RecordMetadata.UNKNOWN_PARTITION : record.partition());
        callback.onCompletion(new RecordMetadata(partition, -1, -1, -1, -1, -1), refusal);
    }

    /** Unless the application set the header; the headers of a record sent before are read-only. */
    private static void addRequestId(ProducerRecord<?, ?> record, String requestId) {
        if (requestId == null) {
            return;
        }
        Headers headers = record.headers();
        if (headers.lastHeader(REQUEST_ID_HEADER) != null) {
            return;
        }
        try {
            headers.add(REQUEST_ID_HEADER, requestId.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalStateException readOnly) {
            // a record being sent again keeps the headers it had
        }
    }
}
