package io.predlog.agent.context;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A concurrent map from objects of the application (models, tasks, threads) to what the agent knows of them,
 * holding the keys weakly and comparing them by identity: an object the application drops stays collectable,
 * and the map never calls the key's {@code equals} or {@code hashCode}. Lookups allocate nothing (a per-thread
 * reusable probe key); cleared entries are purged on writes.
 *
 * @param <V> what is kept per object
 */
public final class WeakIdentityMap<V> {

    private final ConcurrentHashMap<IdentityKey, V> entries = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> cleared = new ReferenceQueue<>();
    private final ThreadLocal<Probe> probes = ThreadLocal.withInitial(Probe::new);

    /** Associates the value with this exact object, replacing what was there. */
    public void put(Object key, V value) {
        purge();
        entries.put(new IdentityKey(key, cleared), value);
    }

    /** The value kept for this exact object, or null. */
    public V get(Object key) {
        if (key == null || entries.isEmpty()) {
            return null;
        }
        Probe probe = probes.get();
        probe.aim(key);
        try {
            return entries.get(probe);
        } finally {
            probe.aim(null);
        }
    }

    /** Removes and returns the value kept for this exact object, or null. */
    public V remove(Object key) {
        if (key == null || entries.isEmpty()) {
            return null;
        }
        Probe probe = probes.get();
        probe.aim(key);
        try {
            return entries.remove(probe);
        } finally {
            probe.aim(null);
        }
    }

    /** How many live objects have a value (after purging collected ones). */
    public int size() {
        purge();
        return entries.size();
    }

    private void purge() {
        Object ref;
        while ((ref = cleared.poll()) != null) {
            entries.remove(ref);
        }
    }

    /** A weak reference compared by the identity of its referent; stays equal to itself after clearing. */
    private static final class IdentityKey extends WeakReference<Object> {
        private final int hash;

        IdentityKey(Object referent, ReferenceQueue<Object> queue) {
            super(referent, queue);
            this.hash = System.identityHashCode(referent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            if (!(other instanceof IdentityKey key)) {
                return false;
            }
            Object mine = get();
            return mine != null && mine == key.get();
        }
    }

    /**
     * A lookup key that can be re-aimed, so lookups allocate nothing. The map calls the probe's
     * {@code equals} with its stored keys, never the other way round.
     */
    private static final class Probe {
        private Object target;
        private int hash;

        void aim(Object key) {
            this.target = key;
            this.hash = key == null ? 0 : System.identityHashCode(key);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof IdentityKey key && target != null && key.get() == target;
        }
    }
}
