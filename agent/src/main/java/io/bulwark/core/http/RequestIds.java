package io.bulwark.core.http;

import io.bulwark.core.config.CharacterClass;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides the request ID: the client's value when it is short and made only of allowed characters, otherwise a new
 * random ID. Generation uses ThreadLocalRandom: request IDs need to be unique, not unpredictable, and SecureRandom
 * can block on the request thread.
 */
public final class RequestIds {

    private final int maxLength;
    private final CharacterClass allowed;

    public RequestIds(int maxLength, CharacterClass allowed) {
        this.maxLength = maxLength;
        this.allowed = allowed;
    }

    /** The client's ID if acceptable, else a generated one. */
    public String resolve(String fromClient) {
        return isAcceptable(fromClient) ? fromClient : generate();
    }

    public boolean isAcceptable(String id) {
        return id != null && !id.isEmpty() && id.length() <= maxLength && allowed.allows(id);
    }

    /** A random version-4 UUID in its usual 36-character form. */
    public static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString(); // the JDK writes the text straight into the string's own bytes
    }
}
