package io.bulwark.instrumentation.jdbc;

import net.bytebuddy.asm.Advice;

/** Inlined into {@code getConnection} of javax.sql.DataSource implementations: the checkout gate. */
public final class DataSourceGetConnectionAdvice {

    private DataSourceGetConnectionAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = String.class, suppress = Throwable.class)
    public static String enter(@Advice.This Object dataSource) {
        return JdbcCalls.checkout(dataSource);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object dataSource, @Advice.Enter String refusal,
                            @Advice.Return Object connection, @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (refusal != null) {
            thrown = JdbcCalls.refused(refusal);
        } else if (connection != null) {
            JdbcCalls.checkedOut(dataSource, connection);
        }
    }
}
