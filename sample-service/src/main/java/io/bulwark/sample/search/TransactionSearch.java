package io.bulwark.sample.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.sample.transactions.Transaction;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transactions indexed in Elasticsearch for full-text search. Uses only core query types (bool, match, term):
 * the node may run without the analysis-common, painless and aggregations modules.
 */
public final class TransactionSearch implements AutoCloseable {

    public static final String INDEX = "transactions";
    private static final Logger log = LoggerFactory.getLogger(TransactionSearch.class);

    private final Rest5ClientTransport transport;
    private final ElasticsearchClient client;
    private volatile boolean indexReady;

    public TransactionSearch(String elasticsearchUrl, ObjectMapper mapper) {
        Rest5Client restClient = Rest5Client.builder(URI.create(elasticsearchUrl))
                .setConnectionConfigCallback(connection -> connection
                        .setConnectTimeout(1, TimeUnit.SECONDS)
                        .setSocketTimeout(5, TimeUnit.SECONDS))
                .build();
        this.transport = new Rest5ClientTransport(restClient, new JacksonJsonpMapper(mapper));
        this.client = new ElasticsearchClient(transport);
    }

    /** Indexes the transaction; failures are logged and skipped. */
    public void index(Transaction transaction) {
        try {
            ensureIndex();
            client.index(request -> request.index(INDEX).id(Long.toString(transaction.id())).document(transaction));
        } catch (IOException | RuntimeException e) {
            log.warn("Elasticsearch unavailable, transaction {} not indexed: {}", transaction.id(), e.toString());
        }
    }

    /** The user's transactions matching the text, best match first. */
    public List<Transaction> search(String userId, String text, int limit) throws SearchUnavailableException {
        Query query = Query.of(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("user_id").value(userId)))
                .should(s -> s.match(m -> m.field("description").query(text)))
                .should(s -> s.match(m -> m.field("product").query(text)))
                .should(s -> s.term(t -> t.field("type").value(text.toLowerCase(Locale.ROOT))))
                .should(s -> s.term(t -> t.field("currency").value(text.toUpperCase(Locale.ROOT))))
                .minimumShouldMatch("1")));
        try {
            SearchResponse<Transaction> response = client.search(request -> request
                    .index(INDEX)
                    // no transaction indexed yet is an empty result, not an error
                    .ignoreUnavailable(true)
                    .allowNoIndices(true)
                    .query(query)
                    .size(limit), Transaction.class);
            return response.hits().hits().stream().map(Hit::source).filter(Objects::nonNull).toList();
        } catch (IOException | RuntimeException e) {
            throw new SearchUnavailableException("search is unavailable", e);
        }
    }

    public boolean isHealthy() {
        try {
            return client.ping().value();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    // explicit mapping: the dynamic one would make user_id a text field and break the per-user filter
    private void ensureIndex() throws IOException {
        if (indexReady) {
            return;
        }
        boolean exists = client.indices().exists(e -> e.index(INDEX)).value();
        if (!exists) {
            try {
                client.indices().create(c -> c.index(INDEX).mappings(m -> m
                        .properties("id", p -> p.long_(l -> l))
                        .properties("user_id", p -> p.keyword(k -> k))
                        .properties("amount", p -> p.double_(d -> d))
                        .properties("currency", p -> p.keyword(k -> k))
                        .properties("type", p -> p.keyword(k -> k))
                        .properties("product", p -> p.text(t -> t.fields("keyword", f -> f.keyword(k -> k))))
                        .properties("description", p -> p.text(t -> t))
                        .properties("created_at", p -> p.date(d -> d))));
                log.info("Created Elasticsearch index {}", INDEX);
            } catch (ElasticsearchException e) {
                if (!"resource_already_exists_exception".equals(e.error().type())) {
                    throw e;
                }
            }
        }
        indexReady = true;
    }

    @Override
    public void close() throws IOException {
        transport.close();
    }
}
