package io.bulwark.it.apps;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.SimpleJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A tiny application on the Elasticsearch client's RestClient-based transport (the sample service uses the Rest5Client
 * one), with the sync and the async client, run with the agent by ElasticsearchRestClientBreakerIT. Args: port,
 * Elasticsearch URL. Each endpoint answers 200 with "value:..." or "error:&lt;exception class&gt;:&lt;message&gt;".
 */
public final class ElasticsearchClientApp {

    private ElasticsearchClientApp() {
    }

    public static void main(String[] args) throws IOException {
        RestClient restClient = RestClient.builder(HttpHost.create(args[1]))
            .setRequestConfigCallback(config -> config.setConnectTimeout(1000).setSocketTimeout(2000))
            .build();
        RestClientTransport transport = new RestClientTransport(restClient, new SimpleJsonpMapper());
        ElasticsearchClient client = new ElasticsearchClient(transport);
        ElasticsearchAsyncClient async = new ElasticsearchAsyncClient(transport);

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
        server.createContext("/ready", exchange -> answer(exchange, "value:ready"));
        server.createContext("/sync/health", exchange -> answer(exchange, outcome(() -> client.cluster().health().status())));
        server.createContext("/async/health", exchange -> answer(exchange, outcome(() -> await(async.cluster().health()).status())));
        // an index that does not exist: a 404 error response, the caller's mistake
        server.createContext("/sync/missing", exchange -> answer(exchange, outcome(() -> client.count(c -> c.index("missing")).count())));
        server.createContext("/async/missing", exchange -> answer(exchange, outcome(() -> await(async.count(c -> c.index("missing"))).count())));
        server.start();
    }

    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private interface Call {
        Object call() throws Exception;
    }

    private static String outcome(Call call) {
        try {
            return "value:" + call.call();
        } catch (Exception e) {
            return "error:" + e.getClass().getName() + ":" + e.getMessage();
        }
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
