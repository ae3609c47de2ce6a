package io.bulwark.core.metrics;

import io.bulwark.core.AgentLog;
import io.micrometer.common.util.internal.logging.AbstractInternalLogger;
import io.micrometer.common.util.internal.logging.InternalLogger;
import io.micrometer.common.util.internal.logging.InternalLoggerFactory;

/**
 * Where the agent's (relocated) Micrometer logs: warnings and errors to the agent's log, the rest dropped. Left to
 * itself, Micrometer would log through java.util.logging (its SLF4J support refuses the agent's relocated no-op
 * SLF4J), and the JDK's LogManager would then be set up in premain, before an application server that installs its
 * own (java.util.logging.manager, which WildFly sets in its main method) could; that server then fails to start.
 */
final class MicrometerLog extends InternalLoggerFactory {

    static final MicrometerLog INSTANCE = new MicrometerLog();

    private MicrometerLog() {
    }

    @Override
    protected InternalLogger newInstance(String name) {
        return new Logger(name);
    }

    /** "{}" placeholders filled in order, as SLF4J does; a Throwable left over is appended. */
    static String format(String format, Object... arguments) {
        StringBuilder text = new StringBuilder();
        int from = 0;
        int used = 0;
        for (int at = format.indexOf("{}"); at >= 0 && used < arguments.length; at = format.indexOf("{}", from)) {
            text.append(format, from, at).append(arguments[used++]);
            from = at + 2;
        }
        text.append(format.substring(from));
        if (used < arguments.length && arguments[arguments.length - 1] instanceof Throwable error) {
            text.append(": ").append(error);
        }
        return text.toString();
    }

    private static final class Logger extends AbstractInternalLogger {

        private static final long serialVersionUID = 1L;

        Logger(String name) {
            super(name);
        }

        private void warning(String message) {
            AgentLog.warn("Micrometer (" + name() + "): " + message);
        }

        private void failure(String message, Throwable error) {
            AgentLog.error("Micrometer (" + name() + "): " + message, error);
        }

        // trace, debug and info: dropped

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public void trace(String msg) {
        }

        @Override
        public void trace(String format, Object arg) {
        }

        @Override
        public void trace(String format, Object argA, Object argB) {
        }

        @Override
        public void trace(String format, Object... arguments) {
        }

        @Override
        public void trace(String msg, Throwable t) {
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public void debug(String msg) {
        }

        @Override
        public void debug(String format, Object arg) {
        }

        @Override
        public void debug(String format, Object argA, Object argB) {
        }

        @Override
        public void debug(String format, Object... arguments) {
        }

        @Override
        public void debug(String msg, Throwable t) {
        }

        @Override
        public boolean isInfoEnabled() {
            return false;
        }

        @Override
        public void info(String msg) {
        }

        @Override
        public void info(String format, Object arg) {
        }

        @Override
        public void info(String format, Object argA, Object argB) {
        }

        @Override
        public void info(String format, Object... arguments) {
        }

        @Override
        public void info(String msg, Throwable t) {
        }

        // warn and error: to the agent's log

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public void warn(String msg) {
            warning(msg);
        }

        @Override
        public void warn(String format, Object arg) {
            warning(format(format, arg));
        }

        @Override
        public void warn(String format, Object argA, Object argB) {
            warning(format(format, argA, argB));
        }

        @Override
        public void warn(String format, Object... arguments) {
            warning(format(format, arguments));
        }

        @Override
        public void warn(String msg, Throwable t) {
            warning(msg + ": " + t);
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        public void error(String msg) {
            failure(msg, null);
        }

        @Override
        public void error(String format, Object arg) {
            failure(format(format, arg), null);
        }

        @Override
        public void error(String format, Object argA, Object argB) {
            failure(format(format, argA, argB), null);
        }

        @Override
        public void error(String format, Object... arguments) {
            failure(format(format, arguments), null);
        }

        @Override
        public void error(String msg, Throwable t) {
            failure(msg, t);
        }
    }
}
