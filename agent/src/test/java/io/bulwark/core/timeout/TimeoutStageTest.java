package io.bulwark.core.timeout;

import io.bulwark.bootstrap.InboundRequest;
import io.bulwark.core.config.RequestIdConfig;
import io.bulwark.core.http.FakeExchange;
import io.bulwark.core.http.InboundCall;
import io.bulwark.core.http.InboundPipeline;
import io.bulwark.core.http.RequestIdStage;
import io.bulwark.core.http.RequestIds;
import io.bulwark.core.http.RouteTemplates;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timeout stage in the pipeline: a request past its budget is answered 504, a completed one is let go at once. */
class TimeoutStageTest {

    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TimeoutStage timeouts = new TimeoutStage((method, path) -> Duration.ofMillis(150),
        new RouteTemplates(List.of("/slow", "/quick")), registry, (where, error) -> errors.add(where));
    private final InboundPipeline pipeline = pipeline(timeouts);

    @Test
    void aRequestPastItsBudgetIsAnswered504WhileACompletedOneIsLeftAlone() throws InterruptedException {
        FakeExchange slow = new FakeExchange("GET", "/slow");
        FakeExchange quick = new FakeExchange("GET", "/quick");
        InboundRequest slowCall = pipeline.begin(slow);
        InboundRequest quickCall = pipeline.begin(quick);
        int slot = ((InboundCall) quickCall).deadlineSlot();
        assertTrue(slot >= 0 && slot < DeadlineWatch.SLOTS, "the request holds a slot of the watch: " + slot);
        assertEquals(2, timeouts.watched());
        pipeline.complete(quickCall, quick);
        assertEquals(1, timeouts.watched(), "the completed request gave its slot back");

        long waitUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        // the watch's thread counts the timeout right after it answers
        while (registry.find("http.request.timeouts").counter() == null && System.nanoTime() - waitUntil < 0) {
            Thread.sleep(10);
        }
        assertTrue(slow.preempted, "no 504 after the budget");
        assertEquals(504, slow.status);
        assertTrue(slow.interrupted, "the handler's thread was not interrupted");
        assertFalse(quick.preempted, "a completed request was answered 504");
        assertEquals(1.0, registry.get("http.request.timeouts").tag("endpoint", "/slow").counter().count());
        pipeline.complete(slowCall, slow);
        assertEquals(List.of(), errors);
    }

    private InboundPipeline pipeline(TimeoutStage stage) {
        RequestIdConfig ids = RequestIdConfig.defaults();
        return new InboundPipeline(new RequestIdStage(ids.header(), new RequestIds(ids.maxLength(),
            ids.allowedCharacters())), List.of(stage), new RouteTemplates(List.of()), ids.mdcKey(),
            (where, error) -> errors.add(where));
    }
}
