package io.bulwark.it.isolation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Metrics;
import io.undertow.Undertow;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;
import redis.clients.jedis.Jedis;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves GET /check/{name}: parses YAML with its SnakeYAML, writes JSON with its Jackson, counts with its Micrometer,
 * and answers which jar each of those classes came from, so a test can see that the application kept its own
 * versions while the agent ran beside it. With REDIS_URL set it also asks that Redis, with its own Jedis, how many
 * keys the agent's rate limiter keeps there.
 *
 * <p>Usage: {@code IsolationApp <port> [--child-loader]}. With --child-loader the application's classes, Undertow
 * included, are loaded by a URLClassLoader whose parent is the platform class loader, as in a servlet container or
 * a Spring Boot fat jar.
 */
public final class IsolationApp {

    private IsolationApp() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        if (args.length > 1 && args[1].equals("--child-loader")) {
            List<URL> urls = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                urls.add(new File(entry).toURI().toURL());
            }
            ClassLoader child = new URLClassLoader("isolation-child", urls.toArray(new URL[0]),
                ClassLoader.getPlatformClassLoader());
            child.loadClass(IsolationApp.class.getName()).getMethod("serve", int.class).invoke(null, port);
        } else {
            serve(port);
        }
    }

    public static void serve(int port) {
        ObjectMapper json = new ObjectMapper();
        RoutingHandler routes = new RoutingHandler().get("/check/{name}", exchange -> {
            String name = exchange.getQueryParameters().get("name").getFirst();
            Map<String, Object> parsed = new Yaml().load("parsed: " + name);
            Metrics.counter("isolation.checks", "name", name).increment();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("parsed", parsed.get("parsed"));
            answer.put("snakeyaml", jarOf(Yaml.class));
            answer.put("jackson", jarOf(ObjectMapper.class));
            answer.put("micrometer", jarOf(Metrics.class));
            answer.put("undertow", jarOf(Undertow.class));
            answer.put("jedis", jarOf(Jedis.class));
            answer.put("commons-pool2", jarOf(GenericObjectPool.class));
            answer.put("slf4j", jarOf(LoggerFactory.class));
            String redisUrl = System.getenv("REDIS_URL");
            if (redisUrl != null) {
                try (Jedis jedis = new Jedis(URI.create(redisUrl))) {
                    answer.put("agentKeys", jedis.keys("bulwark:rl:*").size());
                }
            }
            answer.put("loader", String.valueOf(IsolationApp.class.getClassLoader().getName()));
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseSender().send(json.writeValueAsString(answer));
        });
        Undertow.builder().addHttpListener(port, "127.0.0.1").setHandler(routes).build().start();
        System.out.println("isolation app listening on " + port);
    }

    private static String jarOf(Class<?> type) {
        return new File(type.getProtectionDomain().getCodeSource().getLocation().getPath()).getName();
    }
}
