package io.bulwark.instrumentation.undertow;

import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The header names the engine passes as Strings reach Undertow's header map as the right HttpStrings, converted once. */
class UndertowHeaderNamesTest {

    @Test
    void aNameIsConvertedOnceWhicheverStringInstanceCarriesIt() {
        HttpString first = UndertowExchange.headerName("X-Request-ID");
        assertEquals(new HttpString("X-Request-ID"), first);
        assertSame(first, UndertowExchange.headerName("X-Request-ID"));
        assertSame(first, UndertowExchange.headerName(new String("X-Request-ID")), "an equal name from another instance");
    }

    @Test
    void namesPastTheKeptOnesStillFindTheirHeaders() {
        HeaderMap headers = new HeaderMap();
        for (int i = 0; i < 100; i++) {
            headers.put(new HttpString("X-Name-" + i), "value " + i);
        }
        for (int i = 0; i < 100; i++) {
            assertEquals("value " + i, headers.getFirst(UndertowExchange.headerName("X-Name-" + i)), "name " + i);
        }
        assertEquals("value 99", headers.getFirst(UndertowExchange.headerName("x-name-99")), "header names ignore case");
    }
}
