package io.predlog.agent.record;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelRegistryTest {

    /** A model whose equals/hashCode would lie: the registry must compare by identity and never call them. */
    static final class TrickyModel {
        @Override
        public boolean equals(Object o) {
            throw new AssertionError("registry called equals");
        }

        @Override
        public int hashCode() {
            throw new AssertionError("registry called hashCode");
        }
    }

    @Test
    void identityIsFoundForTheSameObjectOnly() {
        ModelRegistry registry = new ModelRegistry();
        TrickyModel a = new TrickyModel();
        TrickyModel b = new TrickyModel();
        registry.register(a, new ModelIdentity("churn", "v2"));
        assertEquals(new ModelIdentity("churn", "v2"), registry.lookup(a));
        assertNull(registry.lookup(b));
        assertNull(registry.lookup(null));
    }

    @Test
    void droppedModelsStayCollectable() throws Exception {
        ModelRegistry registry = new ModelRegistry();
        Object model = new Object();
        WeakReference<Object> ref = new WeakReference<>(model);
        registry.register(model, new ModelIdentity("m", "1"));
        model = null;
        // the referent is cleared first, and its key is enqueued for purging a little later: wait for both
        for (int i = 0; i < 100 && (ref.get() != null || registry.size() != 0); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(ref.get(), "the registry kept a dropped model reachable");
        assertTrue(registry.size() == 0, "cleared entry was not purged");
    }
}
