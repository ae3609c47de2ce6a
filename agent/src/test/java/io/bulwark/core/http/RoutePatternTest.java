package io.bulwark.core.http;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plain-path shortcut of {@link RoutePattern#rank} against the full walk it stands in for. */
class RoutePatternTest {

    private static final List<String> PATTERNS = List.of("/", "/api", "/api/v1/items", "/api/v1/items/{id}",
        "/api/v1/{version}/items", "/{tenant}/v1", "/api/v1/item", "/api/v1/items/{id}/parts", "/api/v1/itemsx");

    @Test
    void plainPathsAreTheUsualOnes() {
        assertTrue(RoutePattern.isPlain("/"));
        assertTrue(RoutePattern.isPlain("/api/v1/items/42"));
        assertTrue(RoutePattern.isPlain("/api/v1/items/"), "a trailing slash is left to the walk, which ignores it");
        assertFalse(RoutePattern.isPlain(""));
        assertFalse(RoutePattern.isPlain("api/v1/items"));
        assertFalse(RoutePattern.isPlain("//api/v1/items"));
        assertFalse(RoutePattern.isPlain("/api//v1/items"));
        assertFalse(RoutePattern.isPlain("/api/v1/items;jsessionid=1"));
        assertFalse(RoutePattern.isPlain("/api/v1/items?page=2"));
    }

    @Test
    void theShortcutRanksEveryPlainPathAsTheWalkDoes() {
        List<String> paths = paths(List.of("api", "v1", "items", "item", "itemsx", "42", "parts"), 4);
        int matched = 0;
        for (String text : PATTERNS) {
            RoutePattern pattern = new RoutePattern(text, Set.of());
            for (String path : paths) {
                assertTrue(RoutePattern.isPlain(path), path);
                long walked = pattern.rank("GET", path, false);
                assertEquals(walked, pattern.rank("GET", path, true), text + " on " + path);
                matched += walked == RoutePattern.NO_MATCH ? 0 : 1;
            }
        }
        assertTrue(matched > 100, "the paths exercise matches as well as misses: " + matched);
    }

    @Test
    void aPrefixMatchesOnlyUpToASegmentBoundary() {
        RoutePattern items = new RoutePattern("/api/v1/items/{id}", Set.of());
        assertNotEquals(RoutePattern.NO_MATCH, items.rank("GET", "/api/v1/items/42", true));
        assertEquals(RoutePattern.NO_MATCH, items.rank("GET", "/api/v1/itemsx/42", true));
        assertEquals(RoutePattern.NO_MATCH, items.rank("GET", "/api/v1/items", true), "{id} needs a segment");
        assertEquals(RoutePattern.NO_MATCH, items.rank("GET", "/api/v1/items/", true), "{id} needs a non-empty one");
    }

    @Test
    void variantsTakeTheWalkAndStillMatch() {
        RoutePattern items = new RoutePattern("/api/v1/items/{id}", Set.of());
        long plain = items.rank("GET", "/api/v1/items/42", true);
        for (String variant : List.of("//api/v1/items/42", "/api//v1/items/42/", "/api/v1/items/42;x=1",
                "/api/v1/items/42?page=2", "api/v1/items/42")) {
            assertFalse(RoutePattern.isPlain(variant), variant);
            assertEquals(plain, items.rank("GET", variant, false), variant);
        }
    }

    /** Every path of 1 to maxSegments segments from the given ones, with and without a trailing slash, and "/". */
    private static List<String> paths(List<String> segments, int maxSegments) {
        List<String> paths = new ArrayList<>(List.of("/"));
        List<String> level = List.of("");
        for (int depth = 1; depth <= maxSegments; depth++) {
            List<String> next = new ArrayList<>();
            for (String prefix : level) {
                for (String segment : segments) {
                    next.add(prefix + "/" + segment);
                }
            }
            for (String path : next) {
                paths.add(path);
                paths.add(path + "/");
            }
            level = next;
        }
        return paths;
    }
}
