package io.bulwark.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void libpqStyleUrlMovesCredentialsOutOfTheJdbcUrl() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://app:s3cret@db.local:6543/payments");
        assertEquals("jdbc:postgresql://db.local:6543/payments", url.jdbcUrl());
        assertEquals("app", url.user());
        assertEquals("s3cret", url.password());
    }

    @Test
    void postgresSchemeAliasAndQueryParametersAreKept() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://app:pw@127.0.0.1/db?sslmode=disable");
        assertEquals("jdbc:postgresql://127.0.0.1/db?sslmode=disable", url.jdbcUrl());
        assertEquals("app", url.user());
    }

    @Test
    void percentEncodedPasswordIsDecodedAndPlusStaysAPlus() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://app:p%40ss+w%3Ard@localhost:5432/db");
        assertEquals("p@ss+w:rd", url.password());
    }

    @Test
    void jdbcUrlWithoutUserInfoIsUsedAsItIs() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://localhost:5432/db?user=app&password=pw");
        assertEquals("jdbc:postgresql://localhost:5432/db?user=app&password=pw", url.jdbcUrl());
        assertNull(url.user());
        assertNull(url.password());
    }

    @Test
    void jdbcUrlWithUserInfoIsAcceptedToo() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://app:pw@localhost:5432/db");
        assertEquals("jdbc:postgresql://localhost:5432/db", url.jdbcUrl());
        assertEquals("app", url.user());
        assertEquals("pw", url.password());
    }

    @Test
    void userWithoutPassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://app@localhost/db");
        assertEquals("app", url.user());
        assertNull(url.password());
    }

    @Test
    void rejectsOtherSchemesAndIncompleteUrls() {
        assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse("mysql://u:p@localhost/db"));
        assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse("postgresql://u:p@localhost"));
        assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse("postgresql:///db"));
        assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse(""));
        assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse("not a url"));
    }

    @Test
    void toStringDoesNotLeakThePassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://app:topsecret@localhost/db");
        assertEquals(-1, url.toString().indexOf("topsecret"));
    }

    @Test
    void configDefaultsMatchTheSpecification() {
        Config config = Config.fromEnvironment(Map.of());
        assertEquals(8000, config.port());
        assertEquals("jdbc:postgresql://127.0.0.1:5432/postgres", config.database().jdbcUrl());
        assertEquals("postgres", config.database().user());
        assertEquals("redis://127.0.0.1:6379", config.redisUrl());
        assertEquals("127.0.0.1:9092", config.kafkaBootstrapServers());
        assertEquals("http://127.0.0.1:9200", config.elasticsearchUrl());
        assertEquals(true, config.usesDevJwtSecret());
    }

    @Test
    void portMustBeAValidNumber() {
        assertEquals(9000, Config.fromEnvironment(Map.of("PORT", "9000")).port());
        assertThrows(IllegalArgumentException.class, () -> Config.fromEnvironment(Map.of("PORT", "http")));
        assertThrows(IllegalArgumentException.class, () -> Config.fromEnvironment(Map.of("PORT", "70000")));
    }
}
