package io.bulwark.instrumentation.elasticsearch;

import io.bulwark.instrumentation.Candidates;
import io.bulwark.instrumentation.ClientServices;
import io.bulwark.instrumentation.Hook;
import io.bulwark.instrumentation.LibraryInstrumentation;
import io.bulwark.instrumentation.Transformations;

import static io.bulwark.instrumentation.Hook.Value.ENTERED;
import static io.bulwark.instrumentation.Hook.Value.RETURNED;
import static io.bulwark.instrumentation.Hook.Value.THIS;
import static io.bulwark.instrumentation.Hook.Value.THROWN;
import static io.bulwark.instrumentation.Matchers.named;
import static io.bulwark.instrumentation.Matchers.takesArguments;

/**
 * The Elasticsearch Java client (co.elastic.clients:elasticsearch-java 8.9+ and 9.x), service "elasticsearch". Every
 * API call of the sync and async clients goes through {@code ElasticsearchTransportBase.performRequest} or
 * {@code performRequestAsync}, whichever transport is below (the RestClient-based one or the Rest5Client one).
 *
 * <p>call_timeout bounds async requests only (their future fails with SocketTimeoutException, see
 * {@link ElasticsearchCalls#issued}). A sync request blocks inside the low-level client, which waits for its own
 * async request without a bound of its own; the only way out before the client's socket timeout would be to
 * interrupt the application's thread, which means more than a timeout to the application, so it keeps the
 * client's socket timeout (and still counts as slow, or as a hang past call_timeout).
 */
public final class ElasticsearchInstrumentation implements LibraryInstrumentation {

    private static final String TRANSPORT = "co.elastic.clients.transport.ElasticsearchTransportBase";

    @Override
    public String name() {
        return "elasticsearch";
    }

    @Override
    public Candidates candidates() {
        return Candidates.named(TRANSPORT);
    }

    @Override
    public Transformations extend(Transformations transformations) {
        Hook calls = Hook.into(ElasticsearchCalls.class.getName()).enter("start", THIS).skipWhen("refuses");
        return transformations.type(named(TRANSPORT))
            .inject(ElasticsearchCalls.class.getName(), ElasticsearchRequest.class.getName(),
                ClientServices.class.getName())
            // a request the breaker refuses is not sent: the sync call throws the refusal, the async one's future
            // fails with it
            .hook(named("performRequest").and(takesArguments(3)), calls.exitReplacingThrown("ended", ENTERED, THROWN))
            .hook(named("performRequestAsync").and(takesArguments(3)),
                calls.exitReplacingReturn("issued", ENTERED, RETURNED, THROWN));
    }
}
