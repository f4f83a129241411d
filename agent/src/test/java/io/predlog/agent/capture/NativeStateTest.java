package io.predlog.agent.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Native pointers are never data (docs/HASHING.md, "Native state"): a native wrapper keeps its data behind its
 * pointer, so its value is native state: no hash (rather than one of its address or of its metadata), no
 * {@code input.values}, no features; only its type and {@code partial}.
 */
class NativeStateTest {

    /** A wrapper with native methods, as ONNX Runtime's: its {@code nativeHandle} is an address; its score is metadata. */
    static final class NativeScored {
        private final long nativeHandle;
        private final double score;

        NativeScored(long nativeHandle, double score) {
            this.nativeHandle = nativeHandle;
            this.score = score;
        }

        @SuppressWarnings("unused")
        private static native long allocate();
    }

    /** XGBoost's shape: no native method of its own, a {@code long handle} and a way to free it. */
    static final class Disposable {
        private final long handle;

        Disposable(long handle) {
            this.handle = handle;
        }

        public void dispose() {
        }
    }

    /** DJL's shape: the handle kept in an {@code AtomicReference}, closeable. */
    static final class Resource implements AutoCloseable {
        private final AtomicReference<Long> handle;

        Resource(long handle) {
            this.handle = new AtomicReference<>(handle);
        }

        @Override
        public void close() {
        }
    }

    /** Plain data: a long named like an address in a class that frees nothing is a value like any other. */
    record Connection(long ipAddress, int port) {
    }

    static final class PlainAddress {
        private final long ipAddress;

        PlainAddress(long ipAddress) {
            this.ipAddress = ipAddress;
        }
    }

    private final InputCapture capture = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 100));

    private static List<String> featureNames(Features f) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < f.size(); i++) {
            names.add(f.name(i));
        }
        return names;
    }

    @Test
    void aNativeWrappersValueIsNativeStateWithNoHashNoValuesAndNoFeatures() {
        for (Object nativeOnly : List.of(new NativeScored(139750487833152L, 0.5), new Disposable(139750487833152L),
                new Resource(139750487833152L))) {
            CapturedInput c = capture.captureValue(nativeOnly);

            assertTrue(c.hash().opaque(), nativeOnly.getClass() + " has no hash");
            assertTrue(c.hash().partial());
            assertEquals(Map.of("type", nativeOnly.getClass().getTypeName()), c.characteristics());
            assertEquals(0, c.features().size());
            assertTrue(capture.hashValue(nativeOnly).opaque(), "as an output too");
        }
    }

    @Test
    void nativeStateAnywhereInTheInputLeavesTheWholeInputWithoutAHash() {
        CapturedInput oneArgument = capture.captureValue(Map.of("rows", new Disposable(1), "threshold", 0.5));
        CapturedInput twoArguments = capture.captureArguments(new Object[] {new Disposable(1), 0.5});

        assertTrue(oneArgument.hash().opaque(), "a map holding one");
        assertTrue(twoArguments.hash().opaque(), "one argument of several");
        assertFalse(capture.captureArguments(new Object[] {0.5, 0.5}).hash().opaque());
    }

    @Test
    void aLongNamedLikeAnAddressInPlainDataIsData() throws Exception {
        assertEquals(Canonical.sha256Hash16("{\"ipAddress\":3232235777}"),
                capture.captureValue(new PlainAddress(3232235777L)).hash().hash());
        CapturedInput record = capture.captureValue(new Connection(3232235777L, 443));
        assertFalse(record.hash().opaque());
        assertEquals(List.of("ipAddress", "port"), featureNames(record.features()));
        assertNotEquals(record.hash(), capture.captureValue(new Connection(3232235778L, 443)).hash());
    }
}
