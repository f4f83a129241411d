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
 */
public final class ModelRegistry {

    private final ConcurrentHashMap<IdentityKey, ModelIdentity> identities = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> cleared = new ReferenceQueue<>();

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
        return identities.get(new IdentityKey(model, null));
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
}
