package io.bulwark.instrumentation.jdbc;

import net.bytebuddy.asm.Advice;

/**
 * Inlined into the execute methods of java.sql.Statement implementations (drivers' and pools' proxies alike). A
 * refused execution is skipped and throws from the exit advice.
 */
public final class StatementExecuteAdvice {

    private StatementExecuteAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = String.class, suppress = Throwable.class)
    public static Object enter(@Advice.This Object statement, @Advice.Origin("#m") String method) {
        return JdbcCalls.enterStatement(statement, method);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object entered, @Advice.Thrown(readOnly = false) Throwable thrown) {
        thrown = JdbcCalls.exit(entered, thrown);
    }
}
