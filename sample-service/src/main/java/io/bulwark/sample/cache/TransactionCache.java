package io.bulwark.sample.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.sample.transactions.Transaction;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transactions cached in Redis by id. The cache is optional: when Redis cannot be reached a read is a miss and a
 * write is skipped, each with one WARN line. Once connected, lettuce reconnects by itself.
 */
public final class TransactionCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TransactionCache.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    private static final long TTL_SECONDS = 300;

    private final RedisClient client;
    private final ObjectMapper mapper;
    private volatile StatefulRedisConnection<String, String> connection;

    public TransactionCache(String redisUrl, ObjectMapper mapper) {
        this.mapper = mapper;
        RedisURI uri = RedisURI.create(redisUrl);
        uri.setTimeout(COMMAND_TIMEOUT);
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
    }

    public Optional<Transaction> get(long id) {
        try {
            String json = commands().get(key(id));
            return json == null ? Optional.empty() : Optional.of(mapper.readValue(json, Transaction.class));
        } catch (JsonProcessingException e) {
            log.warn("Ignoring unreadable cache entry for transaction {}: {}", id, e.getOriginalMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            log.warn("Redis unavailable, reading transaction {} from the database: {}", id, e.toString());
            return Optional.empty();
        }
    }

    public void put(Transaction transaction) {
        try {
            commands().setex(key(transaction.id()), TTL_SECONDS, mapper.writeValueAsString(transaction));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Transaction is not serialisable", e);
        } catch (RuntimeException e) {
            log.warn("Redis unavailable, transaction {} not cached: {}", transaction.id(), e.toString());
        }
    }

    public boolean isHealthy() {
        try {
            return "PONG".equals(commands().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private RedisCommands<String, String> commands() {
        StatefulRedisConnection<String, String> current = connection;
        if (current == null) {
            current = connect();
        }
        return current.sync();
    }

    // the first connection is made lazily so that the service starts while Redis is down
    private synchronized StatefulRedisConnection<String, String> connect() {
        if (connection == null) {
            connection = client.connect();
            log.info("Connected to Redis");
        }
        return connection;
    }

    private static String key(long id) {
        return "transaction:" + id;
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
