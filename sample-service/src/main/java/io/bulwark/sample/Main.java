package io.bulwark.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.sample.api.BearerAuthenticator;
import io.bulwark.sample.api.HealthHandler;
import io.bulwark.sample.api.HttpJson;
import io.bulwark.sample.api.Routes;
import io.bulwark.sample.api.SleepHandler;
import io.bulwark.sample.api.TokenHandler;
import io.bulwark.sample.api.TransactionHandlers;
import io.bulwark.sample.auth.PasswordHasher;
import io.bulwark.sample.auth.TokenService;
import io.bulwark.sample.auth.UserAccounts;
import io.bulwark.sample.cache.TransactionCache;
import io.bulwark.sample.events.TransactionEvents;
import io.bulwark.sample.search.TransactionSearch;
import io.bulwark.sample.store.Database;
import io.bulwark.sample.store.Schema;
import io.bulwark.sample.store.TransactionRepository;
import io.bulwark.sample.store.UserRepository;
import io.bulwark.sample.transactions.TransactionService;
import io.bulwark.sample.transactions.TransactionValidator;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the service together, starts it on 0.0.0.0:PORT and stops it cleanly on SIGTERM. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);
    private static final String DEMO_USER = "demo";

    private Main() {
    }

    public static void main(String[] args) {
        Config config = Config.fromEnvironment(System.getenv());
        if (config.usesDevJwtSecret()) {
            log.warn("JWT_SECRET is not set: signing tokens with the built-in development secret");
        }
        ObjectMapper mapper = Json.newMapper();
        HttpJson json = new HttpJson(mapper);
        PasswordHasher hasher = new PasswordHasher();

        Database database = new Database(config.database(), new Schema(DEMO_USER, hasher.hash(DEMO_USER)));
        TransactionCache cache = new TransactionCache(config.redisUrl(), mapper);
        TransactionEvents events = new TransactionEvents(config.kafkaBootstrapServers(), mapper);
        TransactionSearch search = new TransactionSearch(config.elasticsearchUrl(), mapper);
        database.initializeQuietly();

        TokenService tokens = new TokenService(config.jwtSecret(), Clock.systemUTC());
        TransactionService transactions = new TransactionService(
                new TransactionRepository(database), cache, events, search);

        Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
        checks.put(HealthHandler.CRITICAL, database::isHealthy);
        checks.put("redis", cache::isHealthy);
        checks.put("elasticsearch", search::isHealthy);
        checks.put("kafka", events::isHealthy);
        ExecutorService healthExecutor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "health-check");
            thread.setDaemon(true);
            return thread;
        });

        Undertow server = Undertow.builder()
                .addHttpListener(config.port(), "0.0.0.0")
                .setHandler(Routes.create(
                        new TokenHandler(new UserAccounts(new UserRepository(database), hasher), tokens, json),
                        new TransactionHandlers(transactions, new TransactionValidator(),
                                new BearerAuthenticator(tokens), json),
                        new HealthHandler(checks, healthExecutor, json),
                        new SleepHandler(json),
                        json))
                .build();
        server.start();

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Shutting down");
            server.stop();
            healthExecutor.shutdownNow();
            closeQuietly("Kafka producer", events);
            closeQuietly("Redis client", cache);
            closeQuietly("Elasticsearch client", search);
            closeQuietly("database pool", database);
            log.info("Stopped");
        }, "shutdown"));

        InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        log.info("Sample service listening on http://0.0.0.0:{}", address.getPort());
    }

    private static void closeQuietly(String name, AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("Could not close the {}: {}", name, e.toString());
        }
    }
}
