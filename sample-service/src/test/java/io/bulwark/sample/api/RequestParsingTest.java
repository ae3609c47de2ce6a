package io.bulwark.sample.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestParsingTest {

    @Test
    void transactionIdsMustBePositiveIntegers() {
        assertEquals(42L, TransactionHandlers.parseId("42"));
        for (String bad : new String[] {"abc", "-1", "1.5", "", "9999999999999999999", "1e3", null}) {
            ApiException e = assertThrows(ApiException.class, () -> TransactionHandlers.parseId(bad));
            assertEquals(400, e.status());
        }
    }

    @Test
    void listLimitHasADefaultAndBounds() {
        assertEquals(TransactionHandlers.DEFAULT_LIMIT, TransactionHandlers.parseLimit(null));
        assertEquals(100, TransactionHandlers.parseLimit("100"));
        assertThrows(ApiException.class, () -> TransactionHandlers.parseLimit("0"));
        assertThrows(ApiException.class, () -> TransactionHandlers.parseLimit("101"));
        assertThrows(ApiException.class, () -> TransactionHandlers.parseLimit("ten"));
    }

    @Test
    void sleepSecondsMustBeWithinRange() {
        assertEquals(new BigDecimal("2"), SleepHandler.parseSeconds("2"));
        assertEquals(new BigDecimal("0.25"), SleepHandler.parseSeconds("0.25"));
        assertEquals(new BigDecimal("300"), SleepHandler.parseSeconds("300"));
        for (String bad : new String[] {"0", "-1", "300.5", "301", "abc", "", null, "1e2"}) {
            assertThrows(ApiException.class, () -> SleepHandler.parseSeconds(bad));
        }
    }

    @Test
    void formBodiesAreDecoded() {
        assertEquals(Map.of("username", "demo", "password", "p@ss word+"),
                TokenHandler.parseForm("username=demo&password=p%40ss+word%2B"));
        assertEquals(Map.of("username", "first"), TokenHandler.parseForm("username=first&username=second"));
        assertThrows(ApiException.class, () -> TokenHandler.parseForm("username=%zz"));
    }
}
