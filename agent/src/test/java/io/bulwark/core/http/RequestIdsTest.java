package io.bulwark.core.http;

import io.bulwark.core.config.CharacterClass;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestIdsTest {

    private final RequestIds ids = new RequestIds(128, CharacterClass.parse("A-Za-z0-9._:-"));

    @Test
    void keepsAWellFormedClientId() {
        assertEquals("order-42:retry_1.a", ids.resolve("order-42:retry_1.a"));
        String longest = "a".repeat(128);
        assertEquals(longest, ids.resolve(longest));
    }

    @Test
    void replacesHostileOrOversizedIds() {
        for (String hostile : new String[] {"a".repeat(129), "abc\r\nX-Injected: 1", "ünïcode", "has space", "", null,
            "{\"json\":1}", "semi;colon"}) {
            String resolved = ids.resolve(hostile);
            assertNotEquals(hostile, resolved);
            assertTrue(resolved.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), resolved);
        }
    }

    @Test
    void honoursAConfiguredCharacterSetAndLength() {
        RequestIds digitsOnly = new RequestIds(4, CharacterClass.parse("0-9"));
        assertEquals("1234", digitsOnly.resolve("1234"));
        assertNotEquals("12345", digitsOnly.resolve("12345"));
        assertNotEquals("12a4", digitsOnly.resolve("12a4"));
    }

    @Test
    void generatedIdsAreUniqueUuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(seen.add(RequestIds.generate()));
        }
    }
}
