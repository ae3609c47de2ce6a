package io.bulwark.instrumentation.jdbc;

import io.bulwark.bootstrap.InboundRequest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SqlCommentsTest {

    private static final String SQL = "SELECT 1";

    @Test
    void prefixesTheSqlWithTheRequestIdOfTheCurrentRequest() {
        assertEquals("/* request_id=req-42_a.b:c */ SELECT 1", inRequest("req-42_a.b:c", SQL));
    }

    @Test
    void addsItOnceThroughWrappers() {
        String once = inRequest("req-1", SQL);
        assertEquals(once, inRequest("req-1", once));
    }

    @Test
    void leavesTheSqlAloneOutsideARequest() {
        assertEquals(SQL, SqlComments.withRequestId(SQL));
    }

    @Test
    void neverWritesAnIdThatCouldEndTheComment() {
        for (String hostile : new String[] {"a*/ DROP TABLE users; /*", "a b", "ünï", "x".repeat(129), "", "a\nb"}) {
            assertEquals(SQL, inRequest(hostile, SQL), hostile);
        }
    }

    private static String inRequest(String requestId, String sql) {
        InboundRequest previous = InboundRequest.enter(new InboundRequest(0) {
            {
                requestId(requestId);
            }
        });
        try {
            return SqlComments.withRequestId(sql);
        } finally {
            InboundRequest.restore(previous);
        }
    }
}
