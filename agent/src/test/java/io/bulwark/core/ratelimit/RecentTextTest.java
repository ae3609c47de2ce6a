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
        String later = text.of(1_796_081_283L);
        assertEquals("1796081283", later);
        assertEquals("0", text.of(0));
        assertEquals("-5", text.of(-5));
        assertEquals("7", text.of(7));
        assertSame(later, text.of(1_796_081_283L), "a smaller number in between does not displace the kept one");
    }

    @Test
    void rateLimitHeadersCarryTheDecisionsNumbers() {
        // larger than any limit or reset time elsewhere in the suite: the kept texts are shared by every decision
        Decision a = new Decision(Decision.Outcome.ALLOWED, "default", true, 2_000_000_000, 99, 4_000_000_000L, 0);
        Decision b = new Decision(Decision.Outcome.ALLOWED, "default", true, 2_000_000_000, 98, 4_000_000_000L, 0);
        Decision c = new Decision(Decision.Outcome.ALLOWED, "other", true, 5, 4, 1_796_081_290L, 0);

        assertEquals("2000000000", a.limitHeader());
        assertSame(a.resetHeader(), b.resetHeader());
        assertSame(a.limitHeader(), b.limitHeader());
        assertEquals("5", c.limitHeader());
        assertEquals("1796081290", c.resetHeader());
        assertEquals("4", c.remainingHeader());
        assertSame(a.limitHeader(), b.limitHeader(), "still kept after a smaller limit");
        assertEquals("4000000000", a.resetHeader());
    }
}
