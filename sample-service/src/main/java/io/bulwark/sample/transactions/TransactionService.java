package io.bulwark.sample.transactions;

import io.bulwark.sample.cache.TransactionCache;
import io.bulwark.sample.events.TransactionEvents;
import io.bulwark.sample.search.SearchUnavailableException;
import io.bulwark.sample.search.TransactionSearch;
import io.bulwark.sample.store.TransactionRepository;
import io.micrometer.core.instrument.Metrics;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction use cases. PostgreSQL is the system of record; Redis, Kafka and Elasticsearch are best effort.
 * Business counters go to Micrometer's global registry, which whoever runs the service may attach a registry to.
 */
public final class TransactionService {

    private static final Logger log = LoggerFactory.getLogger(TransactionService.class);

    private final TransactionRepository repository;
    private final TransactionCache cache;
    private final TransactionEvents events;
    private final TransactionSearch search;

    public TransactionService(TransactionRepository repository, TransactionCache cache, TransactionEvents events,
                              TransactionSearch search) {
        this.repository = repository;
        this.cache = cache;
        this.events = events;
        this.search = search;
    }

    public Transaction create(String userId, NewTransaction request) throws SQLException {
        Transaction transaction;
        try {
            transaction = repository.insert(userId, request);
        } catch (SQLException | RuntimeException e) {
            countCreated(request, "failed");
            throw e;
        }
        cache.put(transaction);
        events.publishCreated(transaction);
        search.index(transaction);
        countCreated(request, "success");
        log.info("Transaction created id={} user={} type={} product={} amount={} {}", transaction.id(), userId,
                transaction.type(), transaction.product(), transaction.amount().toPlainString(), transaction.currency());
        return transaction;
    }

    /** The transaction if it exists and belongs to the user. */
    public Optional<Transaction> find(String userId, long id) throws SQLException {
        Optional<Transaction> cached = cache.get(id);
        String source = "cache";
        Optional<Transaction> found = cached;
        if (cached.isEmpty()) {
            source = "database";
            found = repository.findById(id);
            found.ifPresent(cache::put);
        }
        // someone else's transaction is reported exactly like a missing one
        Optional<Transaction> owned = found.filter(transaction -> transaction.userId().equals(userId));
        if (owned.isPresent()) {
            Metrics.counter("transactions.retrieved", "source", source).increment();
            log.info("Transaction fetched id={} user={} source={}", id, userId, source);
        }
        return owned;
    }

    public List<Transaction> list(String userId, int limit) throws SQLException {
        return repository.findByUser(userId, limit);
    }

    public List<Transaction> search(String userId, String text, int limit) throws SearchUnavailableException {
        return search.search(userId, text, limit);
    }

    private static void countCreated(NewTransaction request, String status) {
        Metrics.counter("transactions.created",
                "type", request.type(), "product", request.product(), "status", status).increment();
    }
}
