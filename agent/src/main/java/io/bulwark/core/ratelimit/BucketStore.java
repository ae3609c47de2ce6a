package io.bulwark.core.ratelimit;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The buckets of every route, at most {@code maxKeys} in total (a key limited on two routes counts twice).
 *
 * <p>A bucket that has been full and untouched for {@code idleExpiry} is dropped: it holds nothing a fresh bucket
 * would not, so dropping it never gives a client more than it had. Idle buckets are swept on the thread of a request
 * that brings a new key: routinely once per {@code idleExpiry}, and, while the store is full, at most once a second
 * (a sweep walks every bucket). A request racing with the sweep of its own idle bucket may spend a token of the
 * dropped bucket; that costs at most one token, once.
 *
 * <p>At the bound, when no bucket is idle, a new key does not get a bucket of its own: it shares the route's single
 * overflow bucket with every other key that found the store full. A flood of distinct source addresses or users is
 * thus limited as one client and cannot grow memory, while keys that already have a bucket keep it. New clients
 * arriving during such a flood are limited together with it until idle buckets free room.
 */
final class BucketStore {

    private static final long MAX_SWEEP_RATE_NANOS = Duration.ofSeconds(1).toNanos();

    private final List<LimitedRoute> routes;
    private final int maxKeys;
    private final long idleNanos;
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong lastSweep;

    BucketStore(List<LimitedRoute> routes, int maxKeys, Duration idleExpiry, long nowNanos) {
        this.routes = List.copyOf(routes);
        this.maxKeys = Math.max(1, maxKeys);
        this.idleNanos = Math.max(1, Math.min(Long.MAX_VALUE / 4, idleExpiry.toNanos()));
        this.lastSweep = new AtomicLong(nowNanos);
    }

    /** The bucket of {@code key} on {@code route}: its own, a new one, or the overflow bucket at the bound. */
    TokenBucket bucket(LimitedRoute route, Object key, long nowNanos) {
        TokenBucket bucket = route.buckets.get(key);
        return bucket != null ? bucket : admit(route, key, nowNanos);
    }

    /** Buckets currently kept, over all routes. */
    int size() {
        return size.get();
    }

    private TokenBucket admit(LimitedRoute route, Object key, long nowNanos) {
        sweepIfDue(nowNanos);
        int current;
        do {
            current = size.get();
            if (current >= maxKeys) {
                return route.overflow;
            }
        } while (!size.compareAndSet(current, current + 1));
        TokenBucket fresh = new TokenBucket(nowNanos);
        TokenBucket raced = route.buckets.putIfAbsent(key, fresh);
        if (raced != null) {
            size.decrementAndGet();
            return raced;
        }
        return fresh;
    }

    private void sweepIfDue(long nowNanos) {
        long last = lastSweep.get();
        long interval = size.get() >= maxKeys ? Math.min(MAX_SWEEP_RATE_NANOS, idleNanos) : idleNanos;
        if (nowNanos - last >= interval && lastSweep.compareAndSet(last, nowNanos)) {
            for (LimitedRoute route : routes) {
                sweep(route, nowNanos);
            }
        }
    }

    private void sweep(LimitedRoute route, long nowNanos) {
        Iterator<Map.Entry<Object, TokenBucket>> entries = route.buckets.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<Object, TokenBucket> entry = entries.next();
            if (entry.getValue().idleSince(nowNanos, idleNanos)
                    && route.buckets.remove(entry.getKey(), entry.getValue())) {
                size.decrementAndGet();
            }
        }
    }
}
