package io.bulwark.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Micrometer's warnings reach the agent's log as readable lines, its placeholders filled as SLF4J fills them. */
class MicrometerLogTest {

    @Test
    void fillsPlaceholdersInOrderAndAppendsATrailingThrowable() {
        assertEquals("meter a has 2 tags", MicrometerLog.format("meter {} has {} tags", "a", 2));
        assertEquals("failed: java.lang.IllegalStateException: boom",
            MicrometerLog.format("failed", new IllegalStateException("boom")));
        assertEquals("gauge g: java.lang.RuntimeException: x",
            MicrometerLog.format("gauge {}", "g", new RuntimeException("x")));
    }

    @Test
    void keepsPlaceholdersItHasNoArgumentFor() {
        assertEquals("a 1 and {}", MicrometerLog.format("a {} and {}", 1));
        assertEquals("no placeholders", MicrometerLog.format("no placeholders"));
    }
}
