package io.predlog.agent.capture;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many {@link Features} storages all threads together keep for reuse: each thread's pool is capped on its own
 * ({@link FeatureGatherer#POOL}), and this caps their sum, so that a service with hundreds of threads and a statistics
 * thread far behind does not keep hundreds of pools full. A pool at the budget replaces its storage in turn instead of
 * growing (the held one leaves the pool and is collected once released).
 *
 * <p>A thread's share comes back when the thread is gone: its gatherer is only reachable from the thread, and a
 * phantom reference to it is polled whenever a pool asks to grow, so no thread of the agent's waits for it.
 *
 * <p>Threads: any. Only a pool that grows asks the budget (an atomic add and a poll of the reference queue).
 */
public final class FeatureBudget {

    /** No cap on the sum: each thread's pool is bounded by its own cap alone. */
    public static final FeatureBudget UNLIMITED = new FeatureBudget(Integer.MAX_VALUE);

    private final int storages;
    private final AtomicInteger pooled = new AtomicInteger();
    private final ReferenceQueue<Object> gone = new ReferenceQueue<>();
    /** The shares of living gatherers, kept reachable until their gatherer is collected. */
    private final Set<Share> shares = ConcurrentHashMap.newKeySet();

    /** A budget of {@code storages} storages (at least 1) for all threads' pools together. */
    public FeatureBudget(int storages) {
        if (storages < 1) {
            throw new IllegalArgumentException("a budget of at least one storage: " + storages);
        }
        this.storages = storages;
    }

    /** The storages all pools together keep at most. */
    public int storages() {
        return storages;
    }

    /** Storages kept by the pools of living threads (and of threads gone, until a pool next asks to grow). */
    int pooled() {
        return pooled.get();
    }

    /** The share of one thread's gatherer, given back when that gatherer has been collected. */
    Share join(Object gatherer) {
        if (this == UNLIMITED) {
            return new Share(gatherer, null);
        }
        Share share = new Share(gatherer, gone);
        shares.add(share);
        return share;
    }

    /** Whether {@code share}'s pool may keep one storage more; counts it if so. */
    boolean grow(Share share) {
        if (this == UNLIMITED) {
            return true;
        }
        reclaim();
        if (pooled.get() >= storages) {
            return false;
        }
        pooled.incrementAndGet();
        share.storages++;
        return true;
    }

    /** Gives back the shares of threads whose gatherers have been collected. */
    private void reclaim() {
        Object r;
        while ((r = gone.poll()) != null) {
            Share share = (Share) r;
            if (shares.remove(share)) {
                pooled.addAndGet(-share.storages);
            }
        }
    }

    /** One gatherer's storages counted in the budget; written by that gatherer's thread only. */
    static final class Share extends PhantomReference<Object> {
        /** Read by another thread only once the gatherer is collected, after its thread has ended. */
        volatile int storages;

        Share(Object gatherer, ReferenceQueue<Object> gone) {
            super(gatherer, gone);
        }
    }
}
