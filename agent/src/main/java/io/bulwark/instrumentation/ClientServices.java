package io.bulwark.instrumentation;

import io.bulwark.bootstrap.Bulwark;
import io.bulwark.bootstrap.Downstream;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * Injected beside each protected client library (one copy per library class loader): the service each connection
 * or client object's calls go to, found once per object from its target (see
 * {@link io.bulwark.bootstrap.Downstream#service}). Objects are held weakly, by their own equals (connections and
 * clients keep Object's). Unless the configuration splits the library by target, nothing is looked up or kept.
 * Whether it does, and the library's default service, are kept per {@link Downstream} (one per configuration), so a
 * call asks the engine nothing.
 */
public final class ClientServices {

    private final String library;
    private final Map<Object, String> byClient = Collections.synchronizedMap(new WeakHashMap<>());
    private volatile Routing routing;

    /** What {@code downstream} says of the library. */
    private record Routing(Downstream downstream, boolean splits, String defaultService) {
    }

    public ClientServices(String library) {
        this.library = library;
    }

    /** The client's service; {@code target} (which may throw, giving the default) runs on the client's first call. */
    public String of(Object client, Function<Object, String> target) {
        Routing routing = routing();
        if (client == null || !routing.splits()) {
            return routing.defaultService();
        }
        String known = byClient.get(client);
        if (known != null) {
            return known;
        }
        String found;
        try {
            found = target.apply(client);
        } catch (RuntimeException notFound) {
            found = null;
        }
        String service = Bulwark.downstream().service(library, found);
        byClient.put(client, service);
        return service;
    }

    /** The service remembered for the client, else the library's default service. */
    public String remembered(Object client) {
        String known = known(client);
        return known != null ? known : routing().defaultService();
    }

    /**
     * The service remembered for the client; null when none is yet while the library is split by target, so that
     * the caller can tell "not known" from "the default".
     */
    public String known(Object client) {
        Routing routing = routing();
        if (!routing.splits()) {
            return routing.defaultService();
        }
        return client == null ? null : byClient.get(client);
    }

    /** Remembers the client's target, known when it connects (e.g. lettuce's RedisURI). */
    public void remember(Object client, String target) {
        if (client != null && routing().splits()) {
            byClient.put(client, Bulwark.downstream().service(library, target));
        }
    }

    /** Remembers that {@code client} (e.g. a DataSource) leads to the service of {@code other} (its connection). */
    public void rememberLike(Object client, Object other, Function<Object, String> target) {
        if (client != null && other != null && routing().splits()
            && !byClient.containsKey(client)) {
            byClient.put(client, of(other, target));
        }
    }

    private Routing routing() {
        Downstream downstream = Bulwark.downstream();
        Routing known = routing;
        if (known != null && known.downstream() == downstream) {
            return known;
        }
        Routing current = new Routing(downstream, downstream.splitsByTarget(library), downstream.service(library, null));
        routing = current;
        return current;
    }
}
