package io.bulwark.core.breaker;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.bootstrap.DownstreamCall;
import io.bulwark.core.Clock;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** A permitted downstream call: remembers what permitted it and when it started; records its outcome once. */
final class ProtectedCall implements DownstreamCall {

    private static final VarHandle ENDED;

    static {
        try {
            ENDED = MethodHandles.lookup().findVarHandle(ProtectedCall.class, "ended", boolean.class);
        } catch (ReflectiveOperationException error) {
            throw new ExceptionInInitializerError(error);
        }
    }

    private final CircuitBreaker breaker;
    private final CircuitBreaker.Phase permittedBy;
    private final ServiceMeters.OperationMeters meters;
    private final FailureClassifier classifier;
    private final Clock clock;
    private final long startNanos;
    @SuppressWarnings("unused") // written through ENDED
    private volatile boolean ended;

    ProtectedCall(CircuitBreaker breaker, CircuitBreaker.Phase permittedBy, ServiceMeters.OperationMeters meters,
                  FailureClassifier classifier, Clock clock) {
        this.breaker = breaker;
        this.permittedBy = permittedBy;
        this.meters = meters;
        this.classifier = classifier;
        this.clock = clock;
        this.startNanos = clock.nanoTime();
    }

    @Override
    public boolean permitted() {
        return true;
    }

    @Override
    public void success() {
        if (!ENDED.compareAndSet(this, false, true)) {
            return;
        }
        try {
            long duration = clock.nanoTime() - startNanos;
            breaker.onSuccess(permittedBy, duration);
            meters.success(duration);
        } catch (Throwable error) {
            Bulwark.reportError("downstream.success", error);
        }
    }

    /** A null error (an instrumentation that lost it) counts as a failure. */
    @Override
    public void failure(Throwable error) {
        if (!ENDED.compareAndSet(this, false, true)) {
            return;
        }
        try {
            long duration = clock.nanoTime() - startNanos;
            if (error == null || classifier.counts(error)) {
                breaker.onFailure(permittedBy, duration, error);
                meters.failure(duration);
            } else {
                breaker.onIgnored(permittedBy);
                meters.ignoredError(duration);
            }
        } catch (Throwable internal) {
            Bulwark.reportError("downstream.failure", internal);
        }
    }
}
