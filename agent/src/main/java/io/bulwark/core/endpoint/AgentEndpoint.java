package io.bulwark.core.endpoint;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.bulwark.core.AgentLog;
import io.bulwark.core.health.HealthReport;
import io.bulwark.core.metrics.ApplicationMeters;
import io.bulwark.core.metrics.Telemetry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The agent's own HTTP port: GET /metrics (Prometheus text, or OpenMetrics when asked) and GET /health (JSON).
 * Runs on the JDK's built-in server with daemon threads only, so it never keeps the application's JVM alive.
 */
public final class AgentEndpoint implements HttpHandler {

    private static final String NOT_FOUND = "{\"error\":\"not found\",\"endpoints\":[\"/metrics\",\"/health\"]}";

    private final HttpServer server;
    private final Telemetry telemetry;
    private final ApplicationMeters applicationMeters;
    private final HealthReport health;

    private AgentEndpoint(HttpServer server, Telemetry telemetry, ApplicationMeters applicationMeters,
                          HealthReport health) {
        this.server = server;
        this.telemetry = telemetry;
        this.applicationMeters = applicationMeters;
        this.health = health;
    }

    /** Starts the endpoint, or logs one line and returns null when the address cannot be bound. */
    public static AgentEndpoint start(String host, int port, Telemetry telemetry, ApplicationMeters applicationMeters,
                                      HealthReport health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException | RuntimeException error) {
            AgentLog.warn("agent endpoint cannot listen on " + host + ":" + port + " (" + error.getMessage()
                + "); /metrics and /health are not served, everything else keeps working");
            return null;
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(task -> daemon(task, "bulwark-endpoint"));
        server.setExecutor(executor);
        AgentEndpoint endpoint = new AgentEndpoint(server, telemetry, applicationMeters, health);
        // one handler for every path: a context per path would take a handler lambda each, a class the JVM spins in
        // the application's start-up
        server.createContext("/", endpoint);
        startOnDaemonThread(server);
        return endpoint;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
    }

    /** The server's dispatcher thread inherits the daemon flag of the thread that starts it. */
    private static void startOnDaemonThread(HttpServer server) {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread starter = daemon(() -> {
            try {
                server.start();
            } catch (RuntimeException error) {
                failure.set(error);
            }
        }, "bulwark-endpoint-start");
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private record Response(int status, String contentType, String body) {
    }

    private Response respond(HttpExchange exchange) {
        return switch (exchange.getRequestURI().getPath()) {
            case "/metrics" -> {
                Telemetry.Scrape scrape =
                    telemetry.scrape(exchange.getRequestHeaders().getFirst("Accept"), applicationMeters);
                yield new Response(200, scrape.contentType(), scrape.body());
            }
            case "/health" -> new Response(health.httpStatus(), "application/json", health.toJson());
            default -> new Response(404, "application/json", NOT_FOUND);
        };
    }

    @Override
    public void handle(HttpExchange exchange) {
        try (exchange) {
            Response response;
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                response = new Response(405, "application/json", "{\"error\":\"method not allowed\"}");
            } else {
                try {
                    response = respond(exchange);
                } catch (RuntimeException | LinkageError error) {
                    AgentLog.error("agent endpoint failed to answer " + exchange.getRequestURI(), error);
                    response = new Response(500, "application/json", "{\"error\":\"internal error\"}");
                }
            }
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(response.status(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException clientWentAway) {
            // the scraper closed the connection; nothing to do
        }
    }
}
