package io.predlog.agent.record;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which model id and version each loaded model object has, so that a predict target without
 * {@code model_id} can name the model its {@code this} is (SPEC §2 "Model identity").
 *
 * <p>Keys are held weakly and compared by identity: a model the application drops stays collectable, and the
 * registry never calls the model's {@code equals} or {@code hashCode}. Cleared entries are purged on writes.
 * A lookup, which every predict call without {@code model_id} makes, allocates nothing: it probes with a
 * per-thread reusable key.
 */
public final class ModelRegistry {

    private final ConcurrentHashMap<IdentityKey, ModelIdentity> identities = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> cleared = new ReferenceQueue<>();
    private final ThreadLocal<Probe> probes = ThreadLocal.withInitial(Probe::new);

    /** Records the identity of a model object, replacing what was known of it. */
    public void register(Object model, ModelIdentity identity) {
        purge();
        identities.put(new IdentityKey(model, cleared), identity);
    }

    /** The identity recorded for this exact object, or null. */
    public ModelIdentity lookup(Object model) {
        if (model == null || identities.isEmpty()) {
            return null;
        }
        Probe probe = probes.get();
        probe.aim(model);
        try {
            return identities.get(probe);
        } finally {
            probe.aim(null);
        }
    }

    /** How many live model objects are known (after purging collected ones). */
    public int size() {
        purge();
        return identities.size();
    }

    private void purge() {
        Object ref;
        while ((ref = cleared.poll()) != null) {
            identities.remove(ref);
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

        void aim(Object model) {
            this.target = model;
            this.hash = model == null ? 0 : System.identityHashCode(model);
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
