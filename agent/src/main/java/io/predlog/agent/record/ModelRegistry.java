package io.predlog.agent.record;

import io.predlog.agent.context.WeakIdentityMap;

/**
 * Remembers which model id and version each loaded model object has, so that a predict target without
 * {@code model_id} can name the model its {@code this} is (docs/CONFIGURATION.md, "Model identity"). Models are held weakly
 * and by identity ({@link WeakIdentityMap}): a model the application drops stays collectable, and its
 * {@code equals}/{@code hashCode} are never called. Lookups, which every predict call without
 * {@code model_id} makes, allocate nothing.
 */
public final class ModelRegistry {

    private final WeakIdentityMap<ModelIdentity> identities = new WeakIdentityMap<>();

    /** Records the identity of a model object, replacing what was known of it. */
    public void register(Object model, ModelIdentity identity) {
        identities.put(model, identity);
    }

    /** The identity recorded for this exact object, or null. */
    public ModelIdentity lookup(Object model) {
        return identities.get(model);
    }

    /** How many live model objects are known (after purging collected ones). */
    public int size() {
        return identities.size();
    }
}
