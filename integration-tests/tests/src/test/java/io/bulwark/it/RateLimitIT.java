package io.bulwark.it;

import io.bulwark.testbed.Jdks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rate limiting through the agent on the unmodified sample service, with small limits on routes of their own so the
 * tests do not share buckets. Other peers than 127.0.0.1 are real loopback source addresses (127.0.0.2, 127.0.0.3).
 */
class RateLimitIT {

    private static final String SECRET = "rate-limit-it-secret";
    private static AgentedProcess service;

    @BeforeAll
    static void start() throws Exception {
        Path config = AgentedProcess.writeConfig("ratelimit-config", """
            # requests the agent answers itself never reach the application's router: their endpoint label comes
            # from these templates
            routes: [/api/v1/debug/sleep]
            identity:
              jwt: {hmac_secret_env: JWT_SECRET, claim: sub}
            rate_limit:
              default_limit: 1000
              window: 60s
              trusted_proxies: [127.0.0.2/32]
              allowlist: [127.0.0.3/32]
              max_keys: 50
              routes:
                - {path: /api/v1/debug/sleep, limit: 3}
                - {path: /limited/refill, limit: 1, window: 1s}
                - {path: /limited/proxy, limit: 1}
                - {path: /limited/allow, limit: 1}
                - {path: /limited/user, limit: 1}
                - {path: /limited/shadow, limit: 1, shadow: true}
                - {path: /limited/flood, limit: 5}
            cors:
              enabled: true
              allowed_origins: [http://localhost:3000]
            """);
        Map<String, String> env = new HashMap<>(SharedStack.get().env());
        env.put("JWT_SECRET", SECRET);
        service = AgentedProcess.sampleService("rate-limits", Jdks.jdk25().orElseThrow(), config, env);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aBurstIsAnswered429WithExactHeadersAndTheHandlerNeverRuns() throws Exception {
        try (RawHttp client = new RawHttp(service.port)) {
            long now = System.currentTimeMillis() / 1000;
            for (int i = 0; i < 3; i++) {
                client.send("GET", "/api/v1/debug/sleep?seconds=0.01", "X-Request-ID", "burst-" + i);
                RawHttp.Response ok = client.read();
                assertEquals(200, ok.status(), ok.toString());
                assertEquals("3", ok.headers().get("X-RateLimit-Limit"));
                assertEquals(Integer.toString(2 - i), ok.headers().get("X-RateLimit-Remaining"));
                long reset = Long.parseLong(ok.headers().get("X-RateLimit-Reset"));
                assertTrue(reset >= now + 20L * (i + 1) - 2 && reset <= now + 20L * (i + 1) + 2,
                    "reset " + reset + " after request " + i + " (now " + now + ")");
            }
            client.send("GET", "/api/v1/debug/sleep?seconds=0.01", "X-Request-ID", "burst-rejected",
                "Origin", "http://localhost:3000");
            RawHttp.Response rejected = client.read();
            assertEquals(429, rejected.status(), rejected.toString());
            assertEquals("0", rejected.headers().get("X-RateLimit-Remaining"));
            int retryAfter = Integer.parseInt(rejected.headers().get("Retry-After"));
            assertTrue(retryAfter >= 15 && retryAfter <= 20, "Retry-After " + retryAfter);
            assertEquals("rate_limit_exceeded", AgentedProcess.jsonField(rejected.body(), "error"));
            assertEquals("burst-rejected", rejected.headers().get("X-Request-ID"));
            assertEquals("http://localhost:3000", rejected.headers().get("Access-Control-Allow-Origin"),
                "a browser must be able to read the 429");
        }
        assertEquals("429", AgentedProcess.jsonField(service.awaitAccessLog("burst-rejected"), "status"));
        assertFalse(service.process.lines().stream().anyMatch(line -> line.contains("request_id=burst-rejected")),
            "the application's handler must not have run for the rejected request");
        String metrics = service.metrics();
        assertEquals(1.0, AgentedProcess.sample(metrics,
            "rate_limit_decisions_total{decision=\"rejected\",endpoint=\"/api/v1/debug/sleep\"}"), metrics);
        assertEquals(3.0, AgentedProcess.sample(metrics,
            "rate_limit_decisions_total{decision=\"allowed\",endpoint=\"/api/v1/debug/sleep\"}"));
        assertTrue(AgentedProcess.sample(metrics,
            "http_requests_total{endpoint=\"/api/v1/debug/sleep\",method=\"GET\",status=\"429\"}") >= 1);
    }

    @Test
    void retryAfterIsHonouredOverTime() throws Exception {
        try (RawHttp client = new RawHttp(service.port)) {
            client.send("GET", "/limited/refill");
            assertEquals(404, client.read().status(), "allowed: the application answers (404 here)");
            client.send("GET", "/limited/refill");
            RawHttp.Response rejected = client.read();
            assertEquals(429, rejected.status());
            assertEquals("1", rejected.headers().get("Retry-After"));
            Thread.sleep(1_100);
            client.send("GET", "/limited/refill");
            assertEquals(404, client.read().status(), "a token is back after Retry-After");
        }
    }

    @Test
    void forwardedAddressesAreBelievedOnlyFromTrustedProxies() throws Exception {
        try (RawHttp proxy = new RawHttp(service.port, "127.0.0.2")) {
            assertEquals(404, statusOf(proxy, "/limited/proxy", "X-Forwarded-For", "198.51.100.1"));
            assertEquals(429, statusOf(proxy, "/limited/proxy", "X-Forwarded-For", "198.51.100.1"));
            assertEquals(404, statusOf(proxy, "/limited/proxy", "X-Forwarded-For", "198.51.100.2"), "another client");
            assertEquals(404, statusOf(proxy, "/limited/proxy", "Forwarded", "for=198.51.100.3"));
        }
        try (RawHttp direct = new RawHttp(service.port)) {
            assertEquals(404, statusOf(direct, "/limited/proxy", "X-Forwarded-For", "203.0.113.9"));
            assertEquals(429, statusOf(direct, "/limited/proxy", "X-Forwarded-For", "203.0.113.10"),
                "an untrusted peer cannot pick its own key by spoofing X-Forwarded-For");
        }
    }

    @Test
    void allowlistedClientsBypassLimits() throws Exception {
        try (RawHttp internal = new RawHttp(service.port, "127.0.0.3")) {
            for (int i = 0; i < 5; i++) {
                internal.send("GET", "/limited/allow");
                RawHttp.Response response = internal.read();
                assertEquals(404, response.status());
                assertNull(response.headers().get("X-RateLimit-Limit"));
            }
        }
        assertEquals(5.0, AgentedProcess.sample(service.metrics(),
            "rate_limit_decisions_total{decision=\"bypassed\",endpoint=\"/limited/allow\"}"));
    }

    @Test
    void authenticatedUsersHaveTheirOwnBucketsButUnverifiableTokensFallBackToTheAddress() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        try (RawHttp client = new RawHttp(service.port)) {
            assertEquals(404, statusOf(client, "/limited/user", "Authorization", bearer("alice", now + 600, SECRET)));
            assertEquals(429, statusOf(client, "/limited/user", "Authorization", bearer("alice", now + 600, SECRET)));
            assertEquals(404, statusOf(client, "/limited/user", "Authorization", bearer("bob", now + 600, SECRET)));
            // forged and expired tokens cannot mint buckets: they share the address's one
            assertEquals(404, statusOf(client, "/limited/user", "Authorization", bearer("carol", now + 600, "guessed")));
            assertEquals(429, statusOf(client, "/limited/user", "Authorization", bearer("dave", now + 600, "guessed")));
            assertEquals(429, statusOf(client, "/limited/user", "Authorization", bearer("erin", now - 60, SECRET)));
        }
    }

    @Test
    void shadowModeDecidesAndCountsButNeverRejects() throws Exception {
        try (RawHttp client = new RawHttp(service.port)) {
            for (int i = 0; i < 3; i++) {
                client.send("GET", "/limited/shadow");
                RawHttp.Response response = client.read();
                assertEquals(404, response.status());
                assertEquals("0", response.headers().get("X-RateLimit-Remaining"), "after the first, the bucket is empty");
                if (i > 0) {
                    assertNull(response.headers().get("Retry-After"));
                }
            }
        }
        assertEquals(2.0, AgentedProcess.sample(service.metrics(),
            "rate_limit_decisions_total{decision=\"shadow_rejected\",endpoint=\"/limited/shadow\"}"));
    }

    @Test
    void aFloodOfDistinctClientsKeepsTheKeyStoreBounded() throws Exception {
        int rejected = 0;
        try (RawHttp proxy = new RawHttp(service.port, "127.0.0.2")) {
            for (int i = 0; i < 1_000; i++) {
                String client = "10." + (i / 65536) + "." + (i / 256 % 256) + "." + (i % 256);
                int status = statusOf(proxy, "/limited/flood", "X-Forwarded-For", client);
                assertTrue(status == 404 || status == 429, "status " + status);
                rejected += status == 429 ? 1 : 0;
            }
        }
        double keys = AgentedProcess.sample(service.metrics(), "rate_limit_keys");
        assertTrue(keys > 0 && keys <= 50, "keys kept: " + keys);
        // once the store is full, new clients share one overflow bucket of the route (limit 5): most are rejected
        assertTrue(rejected > 900, "rejected " + rejected + " of 1000");
        assertTrue(service.process.isAlive());
    }

    private static int statusOf(RawHttp client, String path, String... headers) throws Exception {
        client.send("GET", path, headers);
        return client.read().status();
    }

    private static String bearer(String user, long expires, String secret) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
            + b64.encodeToString(("{\"sub\":\"" + user + "\",\"exp\":" + expires + "}").getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "Bearer " + input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }
}
