package io.bulwark.core.breaker;

import io.bulwark.core.AgentLog;
import io.bulwark.core.Clock;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One service's breaker, the state machine Resilience4j describes. CLOSED lets every call through and opens after
 * {@code failureThreshold} consecutive failures, or when the failure rate or slow-call rate over the sliding window
 * reaches its threshold (once {@code minimumCalls} calls are in the window). OPEN rejects every call; at
 * {@code openTimeout} after opening it becomes HALF_OPEN, which lets at most {@code halfOpenMaxProbes} calls run at
 * once, closes after {@code halfOpenSuccesses} successful probes and reopens on the first failed (or, when slow
 * calls are judged, slow) probe.
 *
 * <p>Each state is an object ({@link Phase}) swapped in by compare-and-set, so every transition happens, and is
 * logged, exactly once. A call remembers the phase that permitted it, and its outcome only counts while that phase
 * is still current: a slow call permitted before the breaker opened cannot close or reopen it later. In CLOSED the
 * permit is a single volatile read; recording is one or two atomic updates.
 */
public final class CircuitBreaker {

    public enum State {
        CLOSED("closed"), OPEN("open"), HALF_OPEN("half_open");

        private final String label;

        State(String label) {
            this.label = label;
        }

        /** The value of the state label in metrics and the circuit_breaker field of /health. */
        public String label() {
            return label;
        }
    }

    private static final int MAX_ERROR_MESSAGE = 200;

    private final String name;
    private final BreakerSettings settings;
    private final Clock clock;
    private final AtomicReference<Phase> phase;
    private volatile boolean called;

    CircuitBreaker(String name, BreakerSettings settings, Clock clock) {
        this.name = name;
        this.settings = settings;
        this.clock = clock;
        this.phase = new AtomicReference<>(new Closed());
    }

    public String name() {
        return name;
    }

    /** The current state; an open breaker whose timeout has passed becomes half-open here. */
    public State state() {
        return current().state;
    }

    /** Whether any call of the service has gone through this breaker yet (until then its health is unknown). */
    public boolean monitored() {
        return called;
    }

    /** The phase that permits a new call, or null when the breaker rejects it. */
    Phase acquire() {
        if (!called) {
            called = true;
        }
        Phase current = current();
        return current.tryAcquire() ? current : null;
    }

    void onSuccess(Phase permittedBy, long durationNanos) {
        if (permittedBy == phase.get()) {
            permittedBy.onSuccess(durationNanos);
        }
    }

    void onFailure(Phase permittedBy, long durationNanos, Throwable error) {
        if (permittedBy == phase.get()) {
            permittedBy.onFailure(durationNanos, error);
        }
    }

    /** The call ended in a way that says nothing about the service (see {@link FailureClassifier}). */
    void onIgnored(Phase permittedBy) {
        if (permittedBy == phase.get()) {
            permittedBy.onIgnored();
        }
    }

    private Phase current() {
        Phase current = phase.get();
        if (current instanceof Open open && clock.nanoTime() - open.since >= settings.openTimeoutNanos()) {
            transition(open, new HalfOpen(), "after open_timeout " + duration(settings.openTimeoutNanos())
                + "; letting up to " + settings.halfOpenMaxProbes() + " probe call(s) through");
            return phase.get();
        }
        return current;
    }

    private void transition(Phase from, Phase to, String why) {
        if (phase.compareAndSet(from, to)) {
            String message = "circuit breaker " + name + ": " + from.state + " -> " + to.state + " " + why;
            if (to.state == State.OPEN) {
                AgentLog.warn(message);
            } else {
                AgentLog.info(message);
            }
        }
    }

    private static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        String message = error.getMessage();
        String text = error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        text = text.replace('\n', ' ').replace('\r', ' ');
        return text.length() > MAX_ERROR_MESSAGE ? text.substring(0, MAX_ERROR_MESSAGE) + "..." : text;
    }

    private static String duration(long nanos) {
        return nanos % 1_000_000_000L == 0 ? nanos / 1_000_000_000L + "s" : nanos / 1_000_000L + "ms";
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f%%", value);
    }

    /** A state with its own counters; replaced as a whole on every transition. */
    abstract class Phase {
        final State state;

        Phase(State state) {
            this.state = state;
        }

        abstract boolean tryAcquire();

        abstract void onSuccess(long durationNanos);

        abstract void onFailure(long durationNanos, Throwable error);

        abstract void onIgnored();
    }

    private final class Closed extends Phase {
        private final AtomicInteger consecutiveFailures = new AtomicInteger();
        private final OutcomeWindow window = settings.usesWindow() ? new OutcomeWindow(settings.windowSize()) : null;

        Closed() {
            super(State.CLOSED);
        }

        @Override
        boolean tryAcquire() {
            return true;
        }

        @Override
        void onSuccess(long durationNanos) {
            if (consecutiveFailures.get() != 0) {
                consecutiveFailures.set(0);
            }
            if (window != null) {
                window.record(false, settings.isSlow(durationNanos));
                judgeWindow(null);
            }
        }

        @Override
        void onFailure(long durationNanos, Throwable error) {
            int failures = consecutiveFailures.incrementAndGet();
            if (failures >= settings.failureThreshold()) {
                transition(this, new Open(), "after " + failures + " consecutive failures (last: " + describe(error) + ")");
                return;
            }
            if (window != null) {
                window.record(true, settings.isSlow(durationNanos));
                judgeWindow(error);
            }
        }

        @Override
        void onIgnored() {
        }

        private void judgeWindow(Throwable lastError) {
            int calls = window.calls();
            if (calls < settings.minimumCalls()) {
                return;
            }
            double failureRate = 100.0 * window.failures() / calls;
            double slowCallRate = 100.0 * window.slowCalls() / calls;
            if (settings.failureRateThreshold() > 0 && failureRate >= settings.failureRateThreshold()) {
                transition(this, new Open(), "at failure rate " + percent(failureRate) + " >= "
                    + percent(settings.failureRateThreshold()) + " over the last " + calls + " calls"
                    + (lastError == null ? "" : " (last: " + describe(lastError) + ")"));
            } else if (settings.slowCallRateThreshold() > 0 && slowCallRate >= settings.slowCallRateThreshold()) {
                transition(this, new Open(), "at slow-call rate " + percent(slowCallRate) + " >= "
                    + percent(settings.slowCallRateThreshold()) + " over the last " + calls + " calls (slow: >= "
                    + duration(settings.slowCallNanos()) + ")");
            }
        }
    }

    private final class Open extends Phase {
        private final long since = clock.nanoTime();

        Open() {
            super(State.OPEN);
        }

        @Override
        boolean tryAcquire() {
            return false;
        }

        @Override
        void onSuccess(long durationNanos) {
        }

        @Override
        void onFailure(long durationNanos, Throwable error) {
        }

        @Override
        void onIgnored() {
        }
    }

    private final class HalfOpen extends Phase {
        private final AtomicInteger probesInFlight = new AtomicInteger();
        private final AtomicInteger successfulProbes = new AtomicInteger();

        HalfOpen() {
            super(State.HALF_OPEN);
        }

        @Override
        boolean tryAcquire() {
            while (true) {
                int inFlight = probesInFlight.get();
                if (inFlight >= settings.halfOpenMaxProbes()) {
                    return false;
                }
                if (probesInFlight.compareAndSet(inFlight, inFlight + 1)) {
                    return true;
                }
            }
        }

        @Override
        void onSuccess(long durationNanos) {
            probesInFlight.decrementAndGet();
            if (settings.isSlow(durationNanos)) {
                transition(this, new Open(), "after a slow probe call (" + duration(durationNanos) + " >= "
                    + duration(settings.slowCallNanos()) + ")");
                return;
            }
            int successes = successfulProbes.incrementAndGet();
            if (successes >= settings.halfOpenSuccesses()) {
                transition(this, new Closed(), "after " + successes + " successful probe call(s)");
            }
        }

        @Override
        void onFailure(long durationNanos, Throwable error) {
            probesInFlight.decrementAndGet();
            transition(this, new Open(), "after a failed probe call (" + describe(error) + ")");
        }

        @Override
        void onIgnored() {
            probesInFlight.decrementAndGet();
        }
    }
}
