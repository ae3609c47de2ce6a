package io.bulwark.core.ratelimit.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The token bucket of the local backend ({@code TokenBucket}), run atomically inside Redis: the bucket is one
 * key holding the time it is full again, in microseconds of the Redis server's clock ({@code TIME}), so the clocks
 * of the instances never matter. Lua numbers are doubles, exact for integers below 2^53: microseconds since 1970
 * are about 2^51, and the Java side caps interval and tolerance far below the rest.
 *
 * <p>KEYS[1] the bucket; ARGV[1] microseconds per token; ARGV[2] tolerance (how far in debt the bucket may be and
 * still hand out a token); ARGV[3] tokens wanted (1, or more to lease a batch). It takes as many tokens as are
 * there, up to the wanted number, and answers {debt after taking (> 0), tokens taken}; when there is none it
 * answers {-current debt (< 0), 0} and leaves the bucket as it was. The key expires when the bucket is full again,
 * so Redis drops idle buckets by itself.
 */
final class GcraScript {

    static final String SOURCE = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local interval = tonumber(ARGV[1])
        local tolerance = tonumber(ARGV[2])
        local wanted = tonumber(ARGV[3])
        local full = tonumber(redis.call('GET', KEYS[1]) or now)
        local debt = full - now
        if debt < 0 then debt = 0 end
        if debt > tolerance then return {-debt, 0} end
        local taken = math.floor((tolerance - debt) / interval) + 1
        if taken > wanted then taken = wanted end
        local newDebt = debt + taken * interval
        redis.call('SET', KEYS[1], string.format('%.0f', now + newDebt), 'PX', math.ceil(newDebt / 1000))
        return {newDebt, taken}
        """;

    static final String SHA1 = sha1(SOURCE);

    private GcraScript() {
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
