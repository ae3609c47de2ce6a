package io.bulwark.core.ratelimit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class RecentTextTest {

    @Test
    void aRepeatedNumberReusesItsTextAndANewOneIsFormatted() {
        RecentText text = new RecentText();

        String first = text.of(1_796_081_282L);
        assertEquals("1796081282", first);
        assertSame(first, text.of(1_796_081_282L), "the same second: no new string");
        assertEquals("1796081283", text.of(1_796_081_283L));
        assertEquals("0", text.of(0));
        assertEquals("-5", text.of(-5));
    }

    @Test
    void rateLimitHeadersCarryTheDecisionsNumbers() {
        Decision a = new Decision(Decision.Outcome.ALLOWED, "default", true, 100, 99, 1_796_081_282L, 0);
        Decision b = new Decision(Decision.Outcome.ALLOWED, "default", true, 100, 98, 1_796_081_282L, 0);
        Decision c = new Decision(Decision.Outcome.ALLOWED, "other", true, 5, 4, 1_796_081_290L, 0);

        assertEquals("100", a.limitHeader());
        assertSame(a.resetHeader(), b.resetHeader());
        assertSame(a.limitHeader(), b.limitHeader());
        assertEquals("5", c.limitHeader());
        assertEquals("1796081290", c.resetHeader());
        assertEquals("100", a.limitHeader());
        assertEquals("1796081282", a.resetHeader());
    }
}
