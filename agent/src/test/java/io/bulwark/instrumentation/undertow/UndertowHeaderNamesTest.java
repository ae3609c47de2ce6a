package io.bulwark.instrumentation.undertow;

import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The header names the engine passes as Strings reach Undertow's header map as the right HttpStrings, converted once. */
class UndertowHeaderNamesTest {

    @Test
    void aNameIsConvertedOnceWhicheverStringInstanceCarriesIt() {
        UndertowExchange.HeaderNames names = new UndertowExchange.HeaderNames(4);
        HttpString first = names.of("X-Request-ID");
        assertEquals(new HttpString("X-Request-ID"), first);
        assertSame(first, names.of("X-Request-ID"));
        assertSame(first, names.of(new String("X-Request-ID")), "an equal name from another instance");
    }

    @Test
    void namesPastTheKeptOnesAreConvertedOnEachCallAndStillFindTheirHeaders() {
        UndertowExchange.HeaderNames names = new UndertowExchange.HeaderNames(4);
        HeaderMap headers = new HeaderMap();
        for (int i = 0; i < 10; i++) {
            headers.put(new HttpString("X-Name-" + i), "value " + i);
        }
        for (int i = 0; i < 10; i++) {
            assertEquals("value " + i, headers.getFirst(names.of("X-Name-" + i)), "name " + i);
        }
        assertSame(names.of("X-Name-3"), names.of("X-Name-3"), "kept");
        assertNotSame(names.of("X-Name-9"), names.of("X-Name-9"), "past the four kept");
        assertEquals("value 9", headers.getFirst(names.of("x-name-9")), "header names ignore case");
    }
}
