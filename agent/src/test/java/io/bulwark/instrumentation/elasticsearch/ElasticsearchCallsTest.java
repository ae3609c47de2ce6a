package io.bulwark.instrumentation.elasticsearch;

import io.bulwark.bootstrap.InboundRequest;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deadline guard in front of the transport (the breaker part runs end to end in the integration tests). */
class ElasticsearchCallsTest {

    @Test
    void aRequestIssuedAfterTheRequestsDeadlineFailsWithTheTransportsIoException() throws Exception {
        InboundRequest previous = InboundRequest.enter(requestWithDeadline(System.nanoTime() - 1_000_000));
        Object entered;
        try {
            entered = ElasticsearchCalls.start(null);
        } finally {
            InboundRequest.restore(previous);
        }
        ConnectException refusal = assertInstanceOf(ConnectException.class, entered);
        assertTrue(refusal.getMessage().contains("deadline has passed"), refusal.getMessage());

        CompletableFuture<Object> async = ElasticsearchCalls.failedFuture(refusal);
        assertSame(refusal, assertThrows(ExecutionException.class, async::get).getCause());
    }

    @Test
    void aRequestBeforeTheDeadlineGoesOutUntouchedWhenTheAgentIsNotRunning() {
        InboundRequest previous = InboundRequest.enter(requestWithDeadline(System.nanoTime() + 60_000_000_000L));
        try {
            assertNull(ElasticsearchCalls.start(null));
        } finally {
            InboundRequest.restore(previous);
        }
        assertNull(ElasticsearchCalls.start(null), "no inbound request, no deadline");
    }

    private static InboundRequest requestWithDeadline(long deadlineNanos) {
        return new InboundRequest(System.nanoTime()) {
            {
                deadlineNanos(deadlineNanos);
            }
        };
    }
}
