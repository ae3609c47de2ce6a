package io.bulwark.core.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RouteTemplatesTest {

    private final RouteTemplates routes = new RouteTemplates(List.of(
        "/api/v1/transactions", "/api/v1/transactions/{id}", "/api/v1/transactions/search", "/api/v1/health", "/"));

    @Test
    void matchesLiteralAndParameterSegments() {
        assertEquals("/api/v1/transactions", routes.match("/api/v1/transactions"));
        assertEquals("/api/v1/transactions", routes.match("/api/v1/transactions/"));
        assertEquals("/api/v1/transactions/{id}", routes.match("/api/v1/transactions/42"));
        assertEquals("/api/v1/health", routes.match("/api/v1/health"));
        assertEquals("/", routes.match("/"));
    }

    @Test
    void theMoreLiteralTemplateWins() {
        assertEquals("/api/v1/transactions/search", routes.match("/api/v1/transactions/search"));
    }

    @Test
    void unmatchedPathsGiveNull() {
        assertNull(routes.match("/api/v1/transactions/42/items"));
        assertNull(routes.match("/api/v1/transactionsX"));
        assertNull(routes.match("/api/v1//42"));
        assertNull(routes.match("/api/v1/transactions//"));
        assertNull(routes.match("/other"));
        assertNull(routes.match(null));
    }

    @Test
    void leadingLiteralsMatchOnlyWholeSegments() {
        assertNull(routes.match("/api/v1/healthz"));
        assertNull(routes.match("/api/v1/health/x"));
        assertEquals("/api/v1/health", routes.match("/api/v1/health/"));
    }

    @Test
    void templatesStartingWithAParameterMatchToo() {
        RouteTemplates tenants = new RouteTemplates(List.of("/{tenant}/items", "/{tenant}/items/{id}", "/admin/items"));
        assertEquals("/{tenant}/items/{id}", tenants.match("/acme/items/7"));
        assertEquals("/admin/items", tenants.match("/admin/items"));
        assertEquals("/{tenant}/items", tenants.match("/acme/items"));
        assertNull(tenants.match("//items"));
        assertNull(tenants.match("/acme/itemsX"));
    }
}
