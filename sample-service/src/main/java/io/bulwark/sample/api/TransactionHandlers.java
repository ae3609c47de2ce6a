package io.bulwark.sample.api;

import io.bulwark.sample.transactions.NewTransaction;
import io.bulwark.sample.transactions.Transaction;
import io.bulwark.sample.transactions.TransactionService;
import io.bulwark.sample.transactions.TransactionValidator;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code /api/v1/transactions} endpoints. Every one needs a bearer token. */
public final class TransactionHandlers {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;
    private static final int MAX_QUERY_LENGTH = 200;

    private final TransactionService service;
    private final TransactionValidator validator;
    private final BearerAuthenticator authenticator;
    private final HttpJson json;

    public TransactionHandlers(TransactionService service, TransactionValidator validator,
                               BearerAuthenticator authenticator, HttpJson json) {
        this.service = service;
        this.validator = validator;
        this.authenticator = authenticator;
        this.json = json;
    }

    /** POST: validate everything before anything is written. */
    public void create(HttpServerExchange exchange) throws Exception {
        String user = authenticator.requireUser(exchange);
        NewTransaction request = validator.validate(json.readJson(exchange));
        Transaction transaction = service.create(user, request);
        exchange.getResponseHeaders().put(Headers.LOCATION, "/api/v1/transactions/" + transaction.id());
        json.send(exchange, 201, transaction);
    }

    /** GET: the user's latest transactions, or a full-text search with {@code ?q=}. */
    public void list(HttpServerExchange exchange) throws Exception {
        String user = authenticator.requireUser(exchange);
        int limit = parseLimit(HttpJson.queryParameter(exchange, "limit"));
        String text = HttpJson.queryParameter(exchange, "q");
        List<Transaction> transactions;
        if (text == null || text.isBlank()) {
            transactions = service.list(user, limit);
        } else if (text.length() > MAX_QUERY_LENGTH) {
            throw ApiException.badRequest("q must be at most " + MAX_QUERY_LENGTH + " characters");
        } else {
            transactions = service.search(user, text.trim(), limit);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transactions", transactions);
        body.put("count", transactions.size());
        json.send(exchange, 200, body);
    }

    /** GET by id: a transaction of another user is reported as not found. */
    public void get(HttpServerExchange exchange) throws Exception {
        String user = authenticator.requireUser(exchange);
        String rawId = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get("id");
        long id = parseId(rawId);
        Transaction transaction = service.find(user, id)
                .orElseThrow(() -> ApiException.notFound("transaction " + id + " not found"));
        json.send(exchange, 200, transaction);
    }

    static long parseId(String raw) {
        if (raw == null || !raw.matches("[0-9]{1,18}")) {
            throw ApiException.badRequest("transaction id must be a positive integer");
        }
        return Long.parseLong(raw);
    }

    static int parseLimit(String raw) {
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        if (raw.matches("[0-9]{1,3}")) {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        }
        throw ApiException.badRequest("limit must be an integer between 1 and " + MAX_LIMIT);
    }
}
