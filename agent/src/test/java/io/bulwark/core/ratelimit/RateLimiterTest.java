package io.bulwark.core.ratelimit;

import io.bulwark.core.ManualClock;
import io.bulwark.core.config.IdentityConfig;
import io.bulwark.core.config.JwtConfig;
import io.bulwark.core.config.RateLimitConfig;
import io.bulwark.core.config.RateLimitRoute;
import io.bulwark.core.identity.TestTokens;
import io.bulwark.core.identity.UserIdentity;
import io.bulwark.core.ratelimit.Decision.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static io.bulwark.core.ratelimit.Configs.NO_HEADERS;
import static io.bulwark.core.ratelimit.Configs.headers;
import static io.bulwark.core.ratelimit.Configs.ip;
import static io.bulwark.core.ratelimit.Configs.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keys, allowlist, shadow mode and metrics of the rate limiter. */
class RateLimiterTest {

    private static final long NOW_SECONDS = 1_800_000_000L;
    private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);
    private static final InetAddress PROXY = ip("10.0.0.5");
    private static final InetAddress CLIENT = ip("203.0.113.7");

    private final ManualClock clock = new ManualClock(NOW_SECONDS * 1000);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @TempDir
    Path dir;

    private RateLimiter limiter(RateLimitConfig config, UserIdentity identity) {
        return new RateLimiter(config, identity, clock, registry);
    }

    /** Spends the one token of a limit-1 bucket, then tells whether the second request shares it. */
    private static boolean shareABucket(RateLimiter limiter, InetAddress peerA, Function<String, String> headersA,
                                        InetAddress peerB, Function<String, String> headersB) {
        assertEquals(Outcome.ALLOWED, limiter.decide("GET", "/", peerA, headersA).outcome());
        return limiter.decide("GET", "/", peerB, headersB).rejected();
    }

    @Test
    void clientsBehindATrustedProxyHaveBucketsOfTheirOwn() {
        RateLimiter limiter = limiter(Configs.withNetworks(Configs.perMinute(1), List.of("10.0.0.0/8"), List.of()),
                UserIdentity.NONE);
        assertFalse(shareABucket(limiter, PROXY, headers("X-Forwarded-For", "203.0.113.1"),
                PROXY, headers("X-Forwarded-For", "203.0.113.2")));
        assertTrue(limiter.decide("GET", "/", PROXY, headers("Forwarded", "for=203.0.113.2")).rejected());
    }

    @Test
    void anUntrustedPeerSpoofingXForwardedForKeepsItsOwnBucket() {
        RateLimiter limiter = limiter(Configs.perMinute(1), UserIdentity.NONE);
        assertTrue(shareABucket(limiter, CLIENT, headers("X-Forwarded-For", "1.1.1.1"),
                CLIENT, headers("X-Forwarded-For", "2.2.2.2")));
        RateLimiter trusting = new RateLimiter(Configs.withNetworks(Configs.perMinute(1), List.of("10.0.0.0/8"),
                List.of()), UserIdentity.NONE, clock, new SimpleMeterRegistry());
        assertTrue(shareABucket(trusting, CLIENT, headers("X-Forwarded-For", "1.1.1.1"),
                CLIENT, headers("Forwarded", "for=2.2.2.2")));
        assertTrue(shareABucket(trusting, PROXY, headers("X-Forwarded-For", "garbage"), PROXY, NO_HEADERS),
                "a malformed header from a trusted proxy: the proxy is the client");
    }

    @Test
    void allowlistedClientsBypassWithoutHeadersAndAreCounted() {
        RateLimiter limiter = limiter(Configs.withNetworks(Configs.perMinute(1), List.of("10.0.0.0/8"),
                List.of("192.168.0.0/16")), UserIdentity.NONE);
        for (int i = 0; i < 5; i++) {
            Decision decision = limiter.decide("GET", "/", ip("192.168.4.4"), NO_HEADERS);
            assertEquals(Outcome.BYPASSED, decision.outcome());
            assertFalse(decision.limited());
            assertFalse(decision.rejected());
            Map<String, String> headers = new LinkedHashMap<>();
            decision.forEachHeader(headers::put);
            assertTrue(headers.isEmpty());
        }
        // the allowlist applies to the client a trusted proxy reports, not to the proxy
        assertEquals(Outcome.BYPASSED, limiter.decide("GET", "/", PROXY,
                headers("X-Forwarded-For", "192.168.9.9")).outcome());
        assertEquals(Outcome.ALLOWED, limiter.decide("GET", "/", PROXY, NO_HEADERS).outcome());
        assertEquals(6, registry.get("rate_limit.decisions").tags("endpoint", "default", "decision", "bypassed")
                .counter().count());
        assertEquals(1, limiter.trackedKeys(), "only the proxy has a bucket: bypassed clients get none");
    }

    @Test
    void usersFromTheUserHeaderHaveTheirOwnBucketsAcrossAddresses() {
        RateLimiter limiter = limiter(Configs.perMinute(1), new UserIdentity("X-User-Id", null, null));
        assertTrue(shareABucket(limiter, ip("192.0.2.1"), headers("X-User-Id", "alice"),
                ip("192.0.2.2"), headers("X-User-Id", "alice")));
        assertFalse(limiter.decide("GET", "/", ip("192.0.2.1"), headers("X-User-Id", "bob")).rejected());
        assertFalse(limiter.decide("GET", "/", ip("192.0.2.1"), NO_HEADERS).rejected(),
                "the address has a bucket apart from its users");
    }

    @Test
    void keyIpIgnoresUsers() {
        RateLimiter limiter = limiter(Configs.withKeys(Configs.perMinute(1), RateLimitConfig.Key.IP, 100,
                Duration.ofMinutes(1)), new UserIdentity("X-User-Id", null, null));
        assertTrue(shareABucket(limiter, CLIENT, headers("X-User-Id", "alice"), CLIENT, headers("X-User-Id", "bob")));
    }

    @Test
    void onlyAVerifiedHs256TokenEarnsAUserBucket() {
        UserIdentity identity = UserIdentity.from(new IdentityConfig(null,
                        new JwtConfig("Authorization", "sub", "JWT_SECRET", null)),
                Map.of("JWT_SECRET", "s3cret")::get, () -> clock.currentTimeMillis() / 1000);
        RateLimiter limiter = limiter(Configs.perMinute(1), identity);
        String valid = "Bearer " + TestTokens.hmac("HS256", "{\"sub\":\"alice\",\"exp\":" + (NOW_SECONDS + 600) + "}", SECRET);
        String expired = "Bearer " + TestTokens.hmac("HS256", "{\"sub\":\"bob\",\"exp\":" + (NOW_SECONDS - 1) + "}", SECRET);
        String forged = "Bearer " + TestTokens.hmac("HS256", "{\"sub\":\"carol\"}", "guess".getBytes(StandardCharsets.UTF_8));

        // a valid token: alice's bucket, wherever she comes from
        assertTrue(shareABucket(limiter, ip("192.0.2.1"), headers("Authorization", valid),
                ip("192.0.2.2"), headers("Authorization", valid)));
        // expired and forged tokens mint nothing: they fall back to the address
        assertTrue(shareABucket(limiter, ip("192.0.2.3"), headers("Authorization", expired),
                ip("192.0.2.3"), headers("Authorization", forged)));
        assertTrue(limiter.decide("GET", "/", ip("192.0.2.3"), NO_HEADERS).rejected());
    }

    @Test
    void tokensSignedWithRsaOrEcKeysVerifyAgainstThePemFile() throws Exception {
        for (KeyPair keys : List.of(TestTokens.rsaKeys(), TestTokens.ecKeys("secp256r1"))) {
            String alg = keys.getPublic().getAlgorithm().equals("RSA") ? "RS256" : "ES256";
            Path pem = Files.writeString(dir.resolve(alg + ".pem"), TestTokens.pem(keys.getPublic()));
            RateLimiter limiter = new RateLimiter(Configs.perMinute(1),
                    new IdentityConfig(null, new JwtConfig("Authorization", "sub", null, pem)), clock,
                    new SimpleMeterRegistry());
            String alice = "Bearer " + TestTokens.signed(alg, "{\"sub\":\"alice\"}", keys.getPrivate());
            String forged = "Bearer " + TestTokens.signed(alg, "{\"sub\":\"mallory\"}",
                    (alg.equals("RS256") ? TestTokens.rsaKeys() : TestTokens.ecKeys("secp256r1")).getPrivate());
            assertTrue(shareABucket(limiter, ip("192.0.2.1"), headers("Authorization", alice),
                    ip("192.0.2.2"), headers("Authorization", alice)), alg);
            assertTrue(shareABucket(limiter, ip("192.0.2.9"), headers("Authorization", forged),
                    ip("192.0.2.9"), NO_HEADERS), alg);
        }
    }

    @Test
    void shadowRoutesReportButNeverReject() {
        RateLimiter limiter = limiter(Configs.perMinute(100,
                new RateLimitRoute("/beta", Set.of(), 2, null, null, true)), UserIdentity.NONE);
        assertEquals(1, limiter.decide("GET", "/beta", CLIENT, NO_HEADERS).remaining());
        assertEquals(0, limiter.decide("GET", "/beta", CLIENT, NO_HEADERS).remaining());
        for (int i = 0; i < 3; i++) {
            Decision shadow = limiter.decide("GET", "/beta", CLIENT, NO_HEADERS);
            assertEquals(Outcome.SHADOW_REJECTED, shadow.outcome());
            assertFalse(shadow.rejected());
            assertEquals(0, shadow.remaining());
            assertEquals(30, shadow.retryAfterSeconds(), "what a real rejection would say: the bucket is not overdrawn");
            Map<String, String> headers = new LinkedHashMap<>();
            shadow.forEachHeader(headers::put);
            assertEquals(Set.of("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"), headers.keySet());
        }
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Outcome.ALLOWED, limiter.decide("GET", "/beta", CLIENT, NO_HEADERS).outcome(),
                "shadow rejections did not drain the bucket below zero");
    }

    @Test
    void decisionsAreCountedPerRouteAndOutcome() {
        RateLimiter limiter = limiter(Configs.withNetworks(Configs.perMinute(2, route("/api/v1/auth/token", 1),
                        new RateLimitRoute("/beta", Set.of(), 1, null, null, true)), List.of(), List.of("127.0.0.1")),
                UserIdentity.NONE);
        for (int i = 0; i < 3; i++) {
            limiter.decide("GET", "/x", CLIENT, NO_HEADERS);
            limiter.decide("POST", "/api/v1/auth/token", CLIENT, NO_HEADERS);
            limiter.decide("GET", "/beta", CLIENT, NO_HEADERS);
        }
        limiter.decide("GET", "/x", ip("127.0.0.1"), NO_HEADERS);
        assertEquals(2, count("default", "allowed"));
        assertEquals(1, count("default", "rejected"));
        assertEquals(1, count("default", "bypassed"));
        assertEquals(1, count("/api/v1/auth/token", "allowed"));
        assertEquals(2, count("/api/v1/auth/token", "rejected"));
        assertEquals(1, count("/beta", "allowed"));
        assertEquals(2, count("/beta", "shadow_rejected"));
        assertEquals(0, count("/beta", "rejected"));
        assertEquals(3, registry.get("rate_limit.keys").gauge().value(), "one bucket per route for the client");
    }

    @Test
    void aDisabledLimiterPublishesNoMeters() {
        limiter(Configs.perMinute(1).withEnabled(false), UserIdentity.NONE);
        assertTrue(registry.getMeters().isEmpty());
    }

    private double count(String endpoint, String decision) {
        return registry.get("rate_limit.decisions").tags("endpoint", endpoint, "decision", decision).counter().count();
    }
}
