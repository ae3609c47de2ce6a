package io.bulwark.instrumentation.jdbc;

import net.bytebuddy.asm.Advice;

import java.sql.Driver;

/** Inlined into {@code connect(String, Properties)} of java.sql.Driver implementations. */
public final class DriverConnectAdvice {

    private DriverConnectAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = String.class, suppress = Throwable.class)
    public static Object enter(@Advice.This Driver driver, @Advice.Argument(0) String url) {
        return JdbcCalls.enterConnect(driver, url);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object entered, @Advice.Thrown(readOnly = false) Throwable thrown) {
        thrown = JdbcCalls.exit(entered, thrown);
    }
}
