package io.predlog.agent.sampling;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sampling function as docs/EVENTS.md states it, recomputed here from its definition. */
class SampleKeyTest {

    /** u(id) straight from the documented formula, with BigInteger arithmetic. */
    static double documented(String id) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        BigInteger first8 = new BigInteger(1, Arrays.copyOf(digest, 8));
        return first8.shiftRight(11).doubleValue() / Math.pow(2, 53);
    }

    /** 100,000 generated-form ids (32 lowercase hex characters) from a fixed seed. */
    static String[] ids(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = String.format("%016x%016x", random.nextLong(), random.nextLong());
        }
        return ids;
    }

    @Test
    void theKeyIsTheDocumentedFunctionOfTheId() throws Exception {
        for (String id : new String[] {"0123456789abcdef0123456789abcdef", "req-abc-123", "x", "y".repeat(128),
                "café-1", "日本-リクエスト", "z".repeat(300)}) {
            assertEquals(documented(id), SampleKey.of(id), id);
            assertEquals(documented(id), SampleKey.compute(id), id);
        }
    }

    /** A generated id held as two numbers has the key of its 32 hex digits, whatever the thread computed before. */
    @Test
    void aGeneratedIdsNumbersHaveTheKeyOfItsText() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            long high = i == 0 ? 0 : random.nextLong();
            long low = i == 1 ? 0 : random.nextLong();
            String text = String.format("%016x%016x", high, low);
            double expected = documented(text);
            assertEquals(expected, SampleKey.of(high, low), text);
            assertEquals(expected, SampleKey.of(high, low), "remembered: " + text);
            assertEquals(expected, SampleKey.of(text), "the text after the numbers: " + text);
            assertEquals(expected, SampleKey.of(high, low), "the numbers after the text: " + text);
        }
    }

    @Test
    void aKnownIdHasTheKeyPythonComputes() {
        // python3 -c 'import hashlib;print((int.from_bytes(hashlib.sha256(b"req-abc-123").digest()[:8],"big")>>11)/2**53)'
        assertEquals(0.35810729379146355, SampleKey.of("req-abc-123"));
        assertEquals(0.35810729379146355, SampleKey.of("req-abc-123"), "the same id, the same key");
    }

    @Test
    void theKeptFractionIsTheRateWithinFiveSigma() {
        String[] ids = ids(100_000, 42);
        for (double rate : new double[] {0.1, 0.5, 0.01}) {
            int kept = 0;
            for (String id : ids) {
                if (SampleKey.of(id) < rate) {
                    kept++;
                }
            }
            double expected = ids.length * rate;
            double sigma = Math.sqrt(ids.length * rate * (1 - rate));
            assertTrue(Math.abs(kept - expected) < 5 * sigma,
                    "rate " + rate + ": kept " + kept + ", expected " + expected + " ± " + 5 * sigma);
        }
    }

    @Test
    void anotherThreadDecidesTheSameForEveryId() throws Exception {
        String[] ids = ids(10_000, 7);
        double[] here = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            here[i] = SampleKey.of(ids[i]);
        }
        AtomicReference<double[]> there = new AtomicReference<>();
        Thread other = new Thread(() -> {
            double[] keys = new double[ids.length];
            for (int i = ids.length - 1; i >= 0; i--) { // other order, other per-thread memory
                keys[i] = SampleKey.of(new String(ids[i].toCharArray()));
            }
            there.set(keys);
        });
        other.start();
        other.join();
        assertTrue(Arrays.equals(here, there.get()));
    }
}
