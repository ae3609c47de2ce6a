package io.bulwark.instrumentation.jdbc;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which method names make a class worth parsing for the JDBC matchers: only those the enabled advice uses. */
class JdbcCandidatesTest {

    private static final Set<String> ALWAYS = Set.of("connect", "getConnection", "isValid", "execute",
        "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch");

    @Test
    void withoutRequestIdCommentsOnlyTheBreakersMethodsCount() {
        JdbcInstrumentation jdbc = new JdbcInstrumentation(false);
        assertEquals(ALWAYS, methodNames(jdbc));
        assertTrue(jdbc.candidates().classNames().isEmpty());
    }

    @Test
    void requestIdCommentsAddTheMethodsThatTakeSqlText() {
        Set<String> names = methodNames(new JdbcInstrumentation(true));
        assertTrue(names.containsAll(ALWAYS), names.toString());
        assertTrue(names.containsAll(Set.of("prepareStatement", "prepareCall", "addBatch")), names.toString());
        assertEquals(ALWAYS.size() + 3, names.size());
    }

    private static Set<String> methodNames(JdbcInstrumentation jdbc) {
        return jdbc.candidates().methods().stream().flatMap(methods -> methods.names().stream())
            .collect(Collectors.toSet());
    }
}
