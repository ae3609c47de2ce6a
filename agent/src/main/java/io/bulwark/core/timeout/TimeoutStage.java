package io.bulwark.core.timeout;

import io.bulwark.bootstrap.HttpExchangeView;
import io.bulwark.core.AgentLog;
import io.bulwark.core.http.InboundCall;
import io.bulwark.core.http.InboundStage;
import io.bulwark.core.http.RouteTemplates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Per-route request timeouts. When a request's budget is spent and its response has not started, the client gets a
 * 504 with a JSON body, written by the agent in place of the application (see HttpExchangeView#preempt), and the
 * handler's thread is interrupted; whatever the handler writes afterwards is discarded. A response that had already
 * started is left alone and counted. The deadline is set on the request so downstream-call guards can honour it.
 * Deadlines are watched by one daemon thread (see {@link DeadlineWatch}) that wakes at the earliest: the 504 goes
 * out as the budget ends (within 10 ms when more than about a thousand requests are in flight).
 */
public final class TimeoutStage implements InboundStage {

    /** The budget of a request, or null for none. */
    public interface Budgets {
        Duration budget(String method, String path);
    }

    private static final int MAX_ENDPOINTS = 1_000;

    private final Budgets budgets;
    private final RouteTemplates routes;
    private final MeterRegistry registry;
    private final DeadlineWatch deadlines;
    private final Map<String, Counter> answered = new ConcurrentHashMap<>();
    private final Map<String, Counter> alreadyStarted = new ConcurrentHashMap<>();
    private final Set<String> loggedLateResponses = ConcurrentHashMap.newKeySet();

    public TimeoutStage(Budgets budgets, RouteTemplates routes, MeterRegistry registry,
                        BiConsumer<String, Throwable> errors) {
        this.budgets = budgets;
        this.routes = routes;
        this.registry = registry;
        this.deadlines = new DeadlineWatch("bulwark-timeouts", errors);
    }

    @Override
    public void onStart(InboundCall call, HttpExchangeView exchange) {
        Duration budget = budgets.budget(call.method(), call.path());
        if (budget == null || !exchange.preemptible()) {
            return;
        }
        call.deadline(call.startNanos() + budget.toNanos());
        call.deadlineSlot(deadlines.watch(new Timeout(call, exchange, budget)));
    }

    @Override
    public void onComplete(InboundCall call, HttpExchangeView exchange, String endpoint, long durationNanos) {
        deadlines.release(call.deadlineSlot());
    }

    /** How many requests the deadline watch holds now (finished ones it has not dropped yet included). */
    int watched() {
        return deadlines.size();
    }

    /** A request's timeout, until the request completes. */
    private final class Timeout implements DeadlineWatch.Watched {

        private final InboundCall call;
        private final HttpExchangeView exchange;
        private final Duration budget;

        Timeout(InboundCall call, HttpExchangeView exchange, Duration budget) {
            this.call = call;
            this.exchange = exchange;
            this.budget = budget;
        }

        @Override
        public long deadlineNanos() {
            return call.deadlineNanos();
        }

        @Override
        public boolean finished() {
            return call.completed();
        }

        @Override
        public void expire() {
            TimeoutStage.this.expire(call, exchange, budget);
        }
    }

    private void expire(InboundCall call, HttpExchangeView exchange, Duration budget) {
        String endpoint = routes.endpoint(exchange.routeTemplate(), call.path());
        String body = "{\"error\":\"gateway_timeout\",\"detail\":\"the request was not answered within "
            + seconds(budget) + " s\",\"request_id\":\"" + call.requestId() + "\"}";
        if (exchange.preempt(504, "application/json", body)) {
            exchange.interruptHandler();
            counter(answered, endpoint, "answered_504").increment();
        } else {
            counter(alreadyStarted, endpoint, "response_already_started").increment();
            if (loggedLateResponses.size() < MAX_ENDPOINTS && loggedLateResponses.add(endpoint)) {
                AgentLog.warn("request timeout on " + endpoint + " after " + seconds(budget) + " s, but the response"
                    + " had already started: left alone (counted in http_request_timeouts_total; logged once per endpoint)");
            }
        }
    }

    private Counter counter(Map<String, Counter> counters, String endpoint, String result) {
        String key = counters.size() < MAX_ENDPOINTS || counters.containsKey(endpoint) ? endpoint : RouteTemplates.UNMATCHED;
        return counters.computeIfAbsent(key, e -> Counter.builder("http.request.timeouts")
            .description("Requests whose timeout expired, by what the agent could do about it")
            .tags("endpoint", e, "result", result)
            .register(registry));
    }

    private static String seconds(Duration budget) {
        return budget.toMillis() % 1000 == 0 ? Long.toString(budget.toSeconds()) : Double.toString(budget.toMillis() / 1000.0);
    }
}
