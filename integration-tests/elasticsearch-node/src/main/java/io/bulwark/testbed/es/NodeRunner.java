package io.bulwark.testbed.es;

import com.carrotsearch.randomizedtesting.RandomizedRunner;
import com.carrotsearch.randomizedtesting.annotations.ThreadLeakScope;
import com.carrotsearch.randomizedtesting.annotations.Timeout;
import com.carrotsearch.randomizedtesting.annotations.TimeoutSuite;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.node.MockNode;
import org.elasticsearch.node.Node;
import org.elasticsearch.transport.netty4.Netty4Plugin;
import org.junit.Test;
import org.junit.runner.RunWith;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The JUnit 4 "test" that starts the node and then blocks until JVM shutdown closes it. */
@RunWith(RandomizedRunner.class)
@ThreadLeakScope(ThreadLeakScope.Scope.NONE)
@Timeout(millis = Integer.MAX_VALUE)
@TimeoutSuite(millis = Integer.MAX_VALUE)
public class NodeRunner {

    static final String HTTP_PORT_PROPERTY = "bulwark.es.httpPort";
    static final String HOME_PROPERTY = "bulwark.es.home";

    /** KafkaBackend-style readiness marker that ElasticsearchBackend waits for on stdout. */
    public static final String READY_LINE = "bulwark-elasticsearch-node ready";

    @Test
    public void runNode() throws Exception {
        String port = System.getProperty(HTTP_PORT_PROPERTY);
        Settings settings = Settings.builder()
            .put("path.home", System.getProperty(HOME_PROPERTY))
            .put("cluster.name", "bulwark")
            .put("node.name", "bulwark-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", port)
            .put("transport.port", 0)
            .put("discovery.type", "single-node")
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
        Node node = new MockNode(settings, List.of(Netty4Plugin.class, RootPlugin.class));
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("elasticsearch-node: close failed: " + e);
            } finally {
                closed.countDown();
            }
        }, "elasticsearch-node-close"));
        node.start();
        System.out.println(READY_LINE + " http://127.0.0.1:" + port);
        System.out.flush();
        closed.await();
    }
}
