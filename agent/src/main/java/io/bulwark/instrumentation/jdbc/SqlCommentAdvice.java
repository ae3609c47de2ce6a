package io.bulwark.instrumentation.jdbc;

import net.bytebuddy.asm.Advice;

/**
 * Inlined into the methods that take SQL text (Connection.prepareStatement/prepareCall, Statement.execute*(String),
 * addBatch(String)) when request-ID comments are on.
 */
public final class SqlCommentAdvice {

    private SqlCommentAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(value = 0, readOnly = false) String sql) {
        sql = SqlComments.withRequestId(sql);
    }
}
