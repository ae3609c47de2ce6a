package io.bulwark.sample;

import java.util.Map;

/** Service configuration, read from the environment with development defaults. */
public record Config(
        int port,
        DatabaseUrl database,
        String redisUrl,
        String kafkaBootstrapServers,
        String elasticsearchUrl,
        String jwtSecret) {

    public static final String DEV_JWT_SECRET = "bulwark-sample-dev-secret-change-me-in-production";

    public static Config fromEnvironment(Map<String, String> env) {
        return new Config(
                parsePort(env.getOrDefault("PORT", "8000")),
                DatabaseUrl.parse(env.getOrDefault("DATABASE_URL", "postgresql://postgres:postgres@127.0.0.1:5432/postgres")),
                env.getOrDefault("REDIS_URL", "redis://127.0.0.1:6379"),
                env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                env.getOrDefault("ELASTICSEARCH_URL", "http://127.0.0.1:9200"),
                env.getOrDefault("JWT_SECRET", DEV_JWT_SECRET));
    }

    public boolean usesDevJwtSecret() {
        return DEV_JWT_SECRET.equals(jwtSecret);
    }

    static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("PORT must be a number between 0 and 65535, got '" + value + "'");
    }
}
