package io.bulwark.core.ratelimit;

/** Buckets in this JVM ({@link BucketStore}); allocation-free once a key has its bucket. */
final class LocalBuckets implements BucketBackend {

    private final BucketStore store;

    LocalBuckets(BucketStore store) {
        this.store = store;
    }

    @Override
    public long tryTake(RouteLimit route, Object key, long nowNanos) {
        LimitedRoute limited = (LimitedRoute) route; // the limiter only ever passes its own routes
        return store.bucket(limited, key, nowNanos).tryTake(limited.limit, nowNanos);
    }
}
