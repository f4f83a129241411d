package io.predlog.agent.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.predlog.agent.adapter.TypeAdapter;
import io.predlog.agent.diagnostics.Diagnostics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The public extension point for input types: a {@link TypeAdapter} gives a value's content as a value the agent
 * knows, and the agent writes that content in the value's place, by the same rules as if it had been given directly.
 */
class TypeAdapterTest {

    /** A service's own embedding type: a vector behind a private field, plus a cache that is not its content. */
    static final class Embedding {
        private final float[] vector;
        private final long cachedAt;

        Embedding(float[] vector, long cachedAt) {
            this.vector = vector;
            this.cachedAt = cachedAt;
        }

        public float[] vector() {
            return vector.clone();
        }
    }

    /** Reads an {@link Embedding} through its public accessor, found once per class. */
    static final class EmbeddingFactory implements TypeAdapter.Factory {
        @Override
        public TypeAdapter forType(Class<?> type) {
            if (type != Embedding.class) {
                return null;
            }
            return value -> ((Embedding) value).vector();
        }
    }

    /** A value whose adapter fails on every read (a closed tensor). */
    static final class Broken {
    }

    /** Accepts {@link Broken}; its adapter always throws. */
    static final class ThrowingFactory implements TypeAdapter.Factory {
        @Override
        public TypeAdapter forType(Class<?> type) {
            return type != Broken.class ? null : value -> {
                throw new IllegalStateException("closed");
            };
        }
    }

    private final InputCapture standard = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 100));
    private final InputCapture extended = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 100),
            OutputSettings.DEFAULTS,
            List.of(new EmbeddingFactory(), new ThrowingFactory()));

    @Test
    void theContentHashesAsTheValueItWasMadeFromAndKeepsTheValuesType() {
        float[] v = {0.25f, -1.5f, 3f};

        CapturedInput viaAdapter = extended.captureValue(new Embedding(v, 1L));
        CapturedInput direct = extended.captureValue(v);

        assertEquals(direct.hash(), viaAdapter.hash(), "the typed tensor f32[3]");
        assertEquals(direct.hash(), extended.captureValue(new Embedding(v, 2L)).hash(), "the cache is not content");
        assertEquals(Embedding.class.getTypeName(), viaAdapter.characteristics().get("type"));
        assertEquals(3L, viaAdapter.characteristics().get("list_length"));
        assertEquals(-1.5, viaAdapter.characteristics().get("min"));
        assertEquals(extended.hashValue(v), extended.hashValue(new Embedding(v, 3L)), "outputs too");
    }

    @Test
    void nestedContentIsWrittenAsTheNestedValueWouldBe() {
        float[] v = {0.25f, -1.5f};
        assertEquals(extended.captureValue(Map.of("query", v)).hash(),
                extended.captureValue(Map.of("query", new Embedding(v, 1L))).hash());
        assertNotEquals(extended.captureValue(Map.of("query", new Embedding(v, 1L))).hash(),
                standard.captureValue(Map.of("query", new Embedding(v, 1L))).hash(), "without it: the fields");
    }

    @Test
    void anAdapterThatThrowsLeavesTheInputWithoutAHashAndIsCounted() {
        String kind = "capture.adapter:" + ThrowingFactory.class.getName();
        long before = Diagnostics.failureCount(kind);

        CapturedInput c = extended.captureValue(Map.of("a", new Broken(), "b", 1));

        assertTrue(c.hash().opaque());
        assertTrue(c.hash().partial());
        assertEquals(before + 1, Diagnostics.failureCount(kind));
        assertFalse(extended.captureValue(Map.of("b", 1)).hash().opaque(), "the next input is hashed as ever");
    }
}
