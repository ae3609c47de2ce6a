package io.bulwark.instrumentation.jdbc;

import net.bytebuddy.asm.Advice;

/** Inlined into {@code getConnection} of javax.sql.DataSource implementations: the checkout gate. */
public final class DataSourceGetConnectionAdvice {

    private DataSourceGetConnectionAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = String.class, suppress = Throwable.class)
    public static String enter() {
        return JdbcCalls.checkout();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter String refusal, @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (refusal != null) {
            thrown = JdbcCalls.refused(refusal);
        }
    }
}
