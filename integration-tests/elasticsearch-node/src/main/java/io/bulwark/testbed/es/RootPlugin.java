package io.bulwark.testbed.es;

import org.elasticsearch.Build;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.RestChannel;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.client.internal.node.NodeClient;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Answers {@code GET /} and {@code HEAD /}, which the Elasticsearch distribution serves from its rest-root module
 * (not published to Maven Central). elasticsearch-java's ping() and info() need them.
 */
public class RootPlugin extends Plugin implements ActionPlugin {

    private final AtomicReference<ClusterService> clusterService = new AtomicReference<>();

    @Override
    public Collection<?> createComponents(PluginServices services) {
        clusterService.set(services.clusterService());
        return List.of();
    }

    @Override
    public Collection<RestHandler> getRestHandlers(RestHandlersServices services,
                                                   Supplier<DiscoveryNodes> nodesInCluster,
                                                   Predicate<NodeFeature> clusterSupportsFeature) {
        return List.of(new RootHandler());
    }

    private final class RootHandler implements RestHandler {

        @Override
        public List<Route> routes() {
            return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
        }

        @Override
        public void handleRequest(RestRequest request, RestChannel channel, NodeClient client) {
            channel.sendResponse(new RestResponse(RestStatus.OK, "application/json", infoJson()));
        }

        private String infoJson() {
            ClusterService cluster = clusterService.get();
            Build build = Build.current();
            return """
                {"name":"%s","cluster_name":"%s","cluster_uuid":"%s","version":{"number":"%s","build_flavor":"%s",\
                "build_type":"%s","build_hash":"%s","build_date":"%s","build_snapshot":%s,"lucene_version":"%s",\
                "minimum_wire_compatibility_version":"%s","minimum_index_compatibility_version":"%s"},\
                "tagline":"You Know, for Search"}
                """.formatted(
                cluster.localNode().getName(), cluster.getClusterName().value(),
                cluster.state().metadata().clusterUUID(), build.version(), build.flavor(), build.type().displayName(),
                build.hash(), build.date(), build.isSnapshot(), org.apache.lucene.util.Version.LATEST,
                build.minWireCompatVersion(), build.minIndexCompatVersion()).strip();
        }
    }
}
