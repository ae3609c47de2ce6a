package io.bulwark.bootstrap;

/**
 * One downstream call, from {@link Downstream#start}. When {@link #permitted()} is false the breaker is open: the
 * instrumentation must not perform the call (no I/O) and fails it the way the library fails when its server is down;
 * nothing more needs to be recorded. When permitted, exactly one of {@link #success()} or {@link #failure} must be
 * called when the call ends (further calls are ignored), from any thread. None of the methods throws.
 */
public interface DownstreamCall {

    /** A call the agent does not protect or measure. */
    DownstreamCall UNPROTECTED = new DownstreamCall() {
        @Override
        public boolean permitted() {
            return true;
        }

        @Override
        public void success() {
        }

        @Override
        public void failure(Throwable error) {
        }
    };

    boolean permitted();

    void success();

    /** The call failed with this error; the engine decides whether it counts against the service. */
    void failure(Throwable error);
}
