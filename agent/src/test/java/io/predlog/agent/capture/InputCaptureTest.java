package io.predlog.agent.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class InputCaptureTest {

    private static final byte[] KEY = "secret-key".getBytes(StandardCharsets.UTF_8);

    private final InputCapture plain = new InputCapture(HashSettings.defaults(), true);
    private final InputCapture keyed = new InputCapture(new HashSettings(KEY, 100_000, 16L << 20, 64), true);

    private static byte[] hmac(byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void hashIsFirst16HexOfSha256OfCanonicalBytes() throws Exception {
        Map<String, Object> features = new HashMap<>();
        features.put("b", 2.5);
        features.put("a", 1);
        HashResult r = plain.hashValue(features);
        assertEquals(Canonical.sha256Hash16("{\"a\":1,\"b\":2.5}"), r.hash());
        assertEquals(15, r.size());
        assertTrue(r.hash().matches("[0-9a-f]{16}"));
        assertFalse(r.truncated());
        assertFalse(r.partial());
    }

    @Test
    void hmacKeyGivesHmacSha256MatchingJavaxCryptoMac() throws Exception {
        String text = "{\"email\":\"a@b.test\"}";
        HashResult k = keyed.hashValue(Map.of("email", "a@b.test"));
        assertEquals(Canonical.hash16(hmac(utf8(text))), k.hash());
        assertNotEquals(plain.hashValue(Map.of("email", "a@b.test")).hash(), k.hash());
    }

    @Test
    void oneArgumentIsThatValue() {
        assertEquals(plain.captureValue(List.of(1, 2)).hash(), plain.captureArguments(new Object[] {List.of(1, 2)}).hash());
    }

    @Test
    void aReusedHolderTakesTheWholeNextCapture() {
        CapturedInput holder = new CapturedInput();
        CapturedInput several = plain.captureArguments(new Object[] {"ab", 3}, holder);
        assertSame(holder, several);
        assertEquals(plain.captureArguments(new Object[] {"ab", 3}).hash(), several.hash());
        assertEquals(plain.captureArguments(new Object[] {"ab", 3}).characteristics(), several.characteristics());
        CapturedInput one = plain.captureValue(Map.of("x", 1.5), holder);
        assertSame(holder, one);
        assertEquals(plain.captureValue(Map.of("x", 1.5)).hash(), one.hash());
        assertEquals(plain.captureValue(Map.of("x", 1.5)).characteristics(), one.characteristics());
        holder.clear();
        assertNull(holder.hash());
        assertNull(holder.characteristics());
        assertSame(Features.NONE, holder.features());
    }

    @Test
    void severalArgumentsHashTheConcatenatedSha256DigestsAndSumSizes() throws Exception {
        CapturedInput c = plain.captureArguments(new Object[] {"ab", 3, new float[] {1f}});
        ByteArrayOutputStream digests = new ByteArrayOutputStream();
        digests.writeBytes(Canonical.sha256(utf8("\"ab\"")));
        digests.writeBytes(Canonical.sha256(utf8("3")));
        byte[] tensor = Canonical.bytes(new float[] {1f});
        digests.writeBytes(Canonical.sha256(tensor));
        assertEquals(Canonical.hash16(Canonical.sha256(digests.toByteArray())), c.hash().hash());
        assertEquals(4 + 1 + tensor.length, c.hash().size());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> args = (List<Map<String, Object>>) c.characteristics().get("args");
        assertEquals(3, args.size());
        assertEquals("java.lang.String", args.get(0).get("type"));
        assertEquals("float[]", args.get(2).get("type"));
    }

    @Test
    void severalArgumentsWithAKeyUsePlainDigestsAndAnOuterHmac() throws Exception {
        CapturedInput c = keyed.captureArguments(new Object[] {"ab", 3});
        ByteArrayOutputStream digests = new ByteArrayOutputStream();
        digests.writeBytes(Canonical.sha256(utf8("\"ab\"")));
        digests.writeBytes(Canonical.sha256(utf8("3")));
        assertEquals(Canonical.hash16(hmac(digests.toByteArray())), c.hash().hash());
    }

    @Test
    void noArgumentsIsTheHashOfEmptyInput() throws Exception {
        CapturedInput c = plain.captureArguments(new Object[0]);
        assertEquals(Canonical.hash16(MessageDigest.getInstance("SHA-256").digest()), c.hash().hash());
        assertEquals("e3b0c44298fc1c14", c.hash().hash());
        assertEquals(0, c.hash().size());
        assertEquals(Map.of("args", List.of()), c.characteristics());
        assertEquals(Canonical.hash16(hmac(new byte[0])), keyed.captureArguments(null).hash().hash());
    }

    @Test
    void concurrentCallersGetTheSameHashes() throws Exception {
        Map<String, Object> features = new HashMap<>();
        for (int i = 0; i < 18; i++) {
            features.put("feature_" + i, i * 0.37);
        }
        String expected = plain.hashValue(features).hash();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        if (!expected.equals(plain.captureValue(features).hash().hash())) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    record Reentrant(int x) {
        static InputCapture capture;

        @Override
        public int x() {
            capture.hashValue(List.of(1)); // a record accessor that itself is a predict call
            return x;
        }
    }

    @Test
    void aWalkReenteredOnTheSameThreadIsNotCorrupted() throws Exception {
        Reentrant.capture = plain;
        assertEquals(Canonical.sha256Hash16("[{\"x\":5},2]"), plain.hashValue(List.of(new Reentrant(5), 2)).hash());
    }
    @Test
    void eachWalkHashesAsAFreshCaptureWhateverTheWalkBeforeItOnTheThread() {
        HashSettings bounded = new HashSettings(null, 100_000, 40, 64);
        InputCapture reused = new InputCapture(bounded, true);
        Map<String, Object> small = Map.of("a", 1, "b", 2.5);
        Map<String, Object> large = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            large.put("feature_" + i, i * 1.25);
        }
        Object exploding = List.of(1, new CanonicalJsonTest.Exploding());
        Object[] sequence = {small, large, small, exploding, small, 7.5, large, exploding, exploding, small, "text"};
        for (int i = 0; i < sequence.length; i++) {
            Object value = sequence[i];
            HashResult fresh = new InputCapture(bounded, true).hashValue(value);
            HashResult after = reused.hashValue(value);
            assertEquals(fresh, after, "value " + i + " after the walks before it");
            CapturedOutput out = reused.captureOutputNumber(3.25, false, new CapturedOutput());
            assertEquals(new InputCapture(bounded, true).captureOutputNumber(3.25, false, new CapturedOutput()).hash(),
                    out.hash(), "a number's walk after value " + i);
        }
        assertTrue(reused.hashValue(large).truncated(), "the sequence includes walks the byte bound stopped");
        assertEquals("java.lang.IllegalStateException", reused.hashValue(exploding).error());
    }

    @Test
    void aHolderFilledByAnotherCaptureHashesWithTheCaptureNowUsingIt() throws Exception {
        Map<String, Object> value = Map.of("email", "a@b.test");
        CapturedInput holder = new CapturedInput();
        plain.captureValue(value, holder);
        assertEquals(Canonical.sha256Hash16("{\"email\":\"a@b.test\"}"), holder.hash().hash());
        keyed.captureValue(value, holder);
        assertEquals(Canonical.hash16(hmac(utf8("{\"email\":\"a@b.test\"}"))), holder.hash().hash(),
                "the keyed capture's HMAC, not what the plain capture left in the holder");
        plain.captureValue(value, holder);
        assertEquals(Canonical.sha256Hash16("{\"email\":\"a@b.test\"}"), holder.hash().hash());
    }
}
