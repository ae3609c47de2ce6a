package io.bulwark.core.http;

import io.bulwark.bootstrap.HttpExchangeView;
import io.bulwark.bootstrap.InboundRequest;
import io.bulwark.core.config.CharacterClass;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class InboundPipelineTest {

    private final List<String> seen = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    /** Acts in every phase and records it. */
    private class Everything implements InboundStage {
        final String name;

        Everything(String name) {
            this.name = name;
        }

        @Override
        public void onStart(InboundCall call, HttpExchangeView exchange) {
            seen.add(name + ".start");
        }

        @Override
        public void beforeCommit(InboundCall call, HttpExchangeView exchange) {
            seen.add(name + ".commit");
        }

        @Override
        public void onComplete(InboundCall call, HttpExchangeView exchange, String endpoint, long durationNanos) {
            seen.add(name + ".complete");
        }
    }

    /** Acts only before the commit, like X-Process-Time. */
    private class CommitOnly implements InboundStage {
        @Override
        public void beforeCommit(InboundCall call, HttpExchangeView exchange) {
            seen.add("commitOnly.commit");
        }
    }

    /** Answers the request itself at its start, like a rate limit's 429, and sees the completion. */
    private class Answers extends Everything {
        Answers() {
            super("answers");
        }

        @Override
        public void onStart(InboundCall call, HttpExchangeView exchange) {
            super.onStart(call, exchange);
            call.answerWith(429, "text/plain", "no");
        }
    }

    private InboundPipeline pipeline(InboundStage... stages) {
        return new InboundPipeline(new RequestIdStage("X-Request-ID", new RequestIds(64,
            CharacterClass.parse("A-Za-z0-9-"))), List.of(stages),
            new RouteTemplates(List.of()), "request_id", (what, error) -> errors.add(what));
    }

    private void handle(InboundPipeline pipeline) {
        FakeExchange exchange = new FakeExchange("GET", "/a");
        InboundRequest call = pipeline.begin(exchange);
        assertNotNull(exchange.responseHeader("X-Request-ID"), "the request ID stage runs first");
        pipeline.beforeCommit(call, exchange);
        pipeline.complete(call, exchange);
    }

    @Test
    void eachStageRunsInTheStagesOrderInThePhasesItActsInAndCompletesInReverse() {
        handle(pipeline(new Everything("first"), new CommitOnly(), new Everything("last")));

        assertEquals(List.of("first.start", "last.start", "first.commit", "commitOnly.commit", "last.commit",
            "last.complete", "first.complete"), seen);
    }

    @Test
    void stagesAfterAnAnswerDoNotStartOrCompleteButEveryStageSeesTheCommit() {
        handle(pipeline(new Everything("first"), new Answers(), new CommitOnly(), new Everything("after")));

        assertEquals(List.of("first.start", "answers.start",
            "first.commit", "answers.commit", "commitOnly.commit", "after.commit",
            "answers.complete", "first.complete"), seen);
    }

    @Test
    void aStageThatThrowsIsReportedAndTheOthersGoOn() {
        InboundStage failing = new InboundStage() {
            @Override
            public void onComplete(InboundCall call, HttpExchangeView exchange, String endpoint, long nanos) {
                throw new IllegalStateException("broken");
            }
        };
        handle(pipeline(new Everything("first"), failing, new Everything("last")));

        assertEquals(List.of("first.start", "last.start", "first.commit", "last.commit", "last.complete",
            "first.complete"), seen);
        assertEquals(1, errors.size(), errors.toString());
    }
}
