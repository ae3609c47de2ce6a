package io.bulwark.it.apps;

import com.sun.net.httpserver.HttpServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.bulwark.it.apps.AppHttp.answer;
import static io.bulwark.it.apps.AppHttp.await;
import static io.bulwark.it.apps.AppHttp.outcome;

/**
 * A tiny application that uses lettuce's async and reactive APIs and a batch dispatch (the sample service only uses the sync API), run
 * with the agent by LettuceApisBreakerIT. Args: port, Redis URL, and optionally --child-loader to load itself and
 * lettuce in a child class loader of the platform loader. Each endpoint answers 200 with "value:..." or
 * "error:&lt;exception class&gt;:&lt;message&gt;", the failure the application saw.
 */
public final class LettuceClientApp {

    /** How long an endpoint waits for an async call's future. */
    private static final Duration AWAIT = Duration.ofSeconds(5);

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private LettuceClientApp() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 2 && args[2].equals("--child-loader")) {
            List<URL> urls = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                urls.add(Path.of(entry).toUri().toURL());
            }
            ClassLoader child = new URLClassLoader("lettuce-child", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            Thread.currentThread().setContextClassLoader(child); // lettuce looks some classes up through it
            Class<?> app = child.loadClass(LettuceClientApp.class.getName());
            app.getMethod("run", int.class, String.class).invoke(null, Integer.parseInt(args[0]), args[1]);
        } else {
            run(Integer.parseInt(args[0]), args[1]);
        }
    }

    public static void run(int port, String redisUrl) throws IOException {
        RedisURI uri = RedisURI.create(redisUrl);
        uri.setTimeout(TIMEOUT);
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder().autoReconnect(true).timeoutOptions(TimeoutOptions.enabled(TIMEOUT)).build());
        StatefulRedisConnection<String, String> connection = client.connect();

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/ready", exchange -> answer(exchange, "value:" + LettuceClientApp.class.getClassLoader().getName()));
        server.createContext("/async/set", exchange -> answer(exchange, outcome(() -> await(connection.async().set("key", "value"), AWAIT))));
        server.createContext("/async/get", exchange -> answer(exchange, outcome(() -> await(connection.async().get("key"), AWAIT))));
        server.createContext("/reactive/get", exchange -> answer(exchange, outcome(() -> connection.reactive().get("key").block(Duration.ofSeconds(5)))));
        // a batch of two GETs through StatefulConnection.dispatch(Collection)
        server.createContext("/batch/get", exchange -> answer(exchange, outcome(() -> {
            List<AsyncCommand<String, String, String>> batch = List.of(get(), get());
            connection.dispatch(new ArrayList<>(batch));
            return await(batch.get(0), AWAIT) + "," + await(batch.get(1), AWAIT);
        })));
        // LPUSH on a string: the server answers WRONGTYPE, the caller's bug
        server.createContext("/async/wrongtype", exchange -> answer(exchange, outcome(() -> await(connection.async().lpush("key", "x"), AWAIT))));
        server.createContext("/reactive/wrongtype", exchange -> answer(exchange, outcome(() -> connection.reactive().lpush("key", "x").block(Duration.ofSeconds(5)))));
        server.start();
        System.out.println("lettuce client app listening on " + port + " in " + LettuceClientApp.class.getClassLoader());
    }

    private static AsyncCommand<String, String, String> get() {
        return new AsyncCommand<>(new Command<>(CommandType.GET, new ValueOutput<>(StringCodec.UTF8),
            new CommandArgs<>(StringCodec.UTF8).addKey("key")));
    }

}
