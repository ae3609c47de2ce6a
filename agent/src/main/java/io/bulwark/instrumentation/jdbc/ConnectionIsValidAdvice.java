package io.bulwark.instrumentation.jdbc;

import net.bytebuddy.asm.Advice;

/** Inlined into {@code isValid(int)} of java.sql.Connection implementations: nothing inside is recorded. */
public final class ConnectionIsValidAdvice {

    private ConnectionIsValidAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {
        JdbcCalls.enterUnrecorded();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit() {
        JdbcCalls.exitUnrecorded();
    }
}
