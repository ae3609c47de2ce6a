package io.bulwark.it.apps;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.SimpleJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.sun.net.httpserver.HttpServer;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

import static io.bulwark.it.apps.AppHttp.answer;
import static io.bulwark.it.apps.AppHttp.await;
import static io.bulwark.it.apps.AppHttp.outcome;

/**
 * A tiny application on the Elasticsearch client's RestClient-based transport (the sample service uses the Rest5Client
 * one), with the sync and the async client, run with the agent by ElasticsearchRestClientBreakerIT. Args: port,
 * Elasticsearch URL, optionally the socket timeout in milliseconds (2000 by default). Each endpoint answers 200 with "value:..." or "error:&lt;exception class&gt;:&lt;message&gt;".
 */
public final class ElasticsearchClientApp {

    /** How long an endpoint waits for an async call's future. */
    private static final Duration AWAIT = Duration.ofSeconds(10);

    private ElasticsearchClientApp() {
    }

    public static void main(String[] args) throws IOException {
        RestClient restClient = RestClient.builder(HttpHost.create(args[1]))
            .setRequestConfigCallback(config -> config.setConnectTimeout(1000)
                .setSocketTimeout(args.length > 2 ? Integer.parseInt(args[2]) : 2000))
            .build();
        RestClientTransport transport = new RestClientTransport(restClient, new SimpleJsonpMapper());
        ElasticsearchClient client = new ElasticsearchClient(transport);
        ElasticsearchAsyncClient async = new ElasticsearchAsyncClient(transport);

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
        server.createContext("/ready", exchange -> answer(exchange, "value:ready"));
        server.createContext("/client-jar", exchange -> answer(exchange,
            "value:" + ElasticsearchClient.class.getProtectionDomain().getCodeSource().getLocation()));
        server.createContext("/sync/health", exchange -> answer(exchange, outcome(() -> client.cluster().health().status())));
        server.createContext("/async/health", exchange -> answer(exchange, outcome(() -> await(async.cluster().health(), AWAIT).status())));
        // an index that does not exist: a 404 error response, the caller's mistake
        server.createContext("/sync/missing", exchange -> answer(exchange, outcome(() -> client.count(c -> c.index("missing")).count())));
        server.createContext("/async/missing", exchange -> answer(exchange, outcome(() -> await(async.count(c -> c.index("missing")), AWAIT).count())));
        server.start();
    }

}
