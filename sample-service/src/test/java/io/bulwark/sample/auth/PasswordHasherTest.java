package io.bulwark.sample.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    @Test
    void passwordHashesVerifyAndAreSalted() {
        PasswordHasher hasher = new PasswordHasher();
        String first = hasher.hash("demo");
        String second = hasher.hash("demo");
        assertTrue(first.startsWith("pbkdf2_sha256$"));
        assertFalse(first.contains("demo"));
        assertFalse(first.equals(second));
        assertTrue(hasher.matches("demo", first));
        assertFalse(hasher.matches("Demo", first));
        assertFalse(hasher.matches("demo", "garbage"));
        assertFalse(hasher.matches("demo", "pbkdf2_sha256$x$y$z"));
    }
}
