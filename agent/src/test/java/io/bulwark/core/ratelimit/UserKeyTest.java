package io.bulwark.core.ratelimit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A user's requests share one bucket; a user never shares one with an address or another user. */
class UserKeyTest {

    @Test
    void theSameUserIsTheSameKey() {
        assertEquals(new UserKey("alice"), new UserKey("alice"));
        assertEquals(new UserKey("alice").hashCode(), new UserKey("alice").hashCode());
    }

    @Test
    void otherUsersAndOtherKindsOfKeyAreNot() {
        assertNotEquals(new UserKey("alice"), new UserKey("bob"));
        assertNotEquals(new UserKey("alice"), "u:alice");
        assertNotEquals(new UserKey("unknown-client"), "unknown-client");
        assertEquals("u:alice", new UserKey("alice").toString());
    }
}
