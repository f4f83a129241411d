package io.predlog.agent.event;

import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.CapturedOutput;
import io.predlog.agent.capture.HashResult;
import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.capture.NumberHash;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prediction events encoded straight to bytes come out exactly as the Jackson path writes them. */
class PredictionLineTest {

    private static final char[] CHARS = {'a', 'Z', '0', ' ', '_', '.', '#', '/', '"', '\\', '\n', '\t', '\r', '\b',
        '\f', '\u0001', '\u001f', '\u007f', '\u0080', 'é', '\u07ff', '\u0800', '中', '\uffff'};

    private static final byte[] ID = "0123456789abcdef0000000000000007".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"[0-9a-f]{32}\"");

    private final InputCapture capture = new InputCapture(HashSettings.defaults(), true);
    private static final ProcessInfo PROCESS = new ProcessInfo("scorer \"v2\" é", "host-1", 4242);

    private final EventJsonEncoder encoder = new EventJsonEncoder(PROCESS);

    @Test
    void randomPredictionEventsAreEncodedByteForByteAsTheJacksonPathEncodesThem() throws IOException {
        SplittableRandom random = new SplittableRandom(20261202);
        PredictionLine line = new PredictionLine(new LineFields(",\"schema\":1".getBytes(StandardCharsets.US_ASCII)), null);
        int direct = 0;
        for (int i = 0; i < 20_000; i++) {
            PredictionEvent event = event(random);
            direct += line.encode(event, ID) ? 1 : 0;
            String fast = encode(event);
            String reference = reference(event);
            assertEquals(withoutEventId(reference), withoutEventId(fast), "event " + i + ": " + event);
        }
        assertTrue(direct > 15_000, "most took the direct path: " + direct);
    }

    /**
     * Maps of more key sets than the encoder keeps encoded names for, each key set's names the same array call after
     * call, interleaved, as inputs and as outputs: every value is written under its own field's name, escaped as
     * Jackson escapes it.
     */
    @Test
    void valuesOfKeySetsSeenBeforeAreWrittenUnderTheirOwnNames() throws IOException {
        SplittableRandom random = new SplittableRandom(41);
        List<List<String>> keySets = new ArrayList<>(List.of(List.of("amount", "count", "plan"),
                List.of("a\"b", "caf\u00e9", "tab\tkey", "z"), List.of("count", "amount", "zeta", "x\\y", "\u2028")));
        for (int k = 0; k < 9; k++) {
            keySets.add(List.of("f" + k, "g", "h" + (k % 3)));
        }
        for (int i = 0; i < 6_000; i++) {
            CapturedInput input = capture.captureValue(map(keySets.get(random.nextInt(keySets.size())), random));
            Map<String, Object> output = random.nextBoolean() ? null
                    : capture.captureValue(map(keySets.get(random.nextInt(keySets.size())), random)).characteristics();
            PredictionEvent event = new PredictionEvent(SampleEvents.START, "main", "r", "score", "m#predict", null,
                    null, input.hash(), input.characteristics(), null, 0.5, null, null, 1.0, null, output);
            String fast = encode(event);
            assertEquals(withoutEventId(reference(event)), withoutEventId(fast), "event " + i);
            assertTrue(fast.contains("\"values\":{"), fast);
        }
    }

    private static Map<String, Object> map(List<String> keys, SplittableRandom random) {
        Map<String, Object> map = new HashMap<>();
        for (String key : keys) {
            map.put(key, random.nextInt(4) == 0 ? "text" : random.nextBoolean() ? random.nextInt(-50, 50)
                    : number(random));
        }
        return map;
    }

    /** A generated request id held as two numbers is written, by both paths, exactly as the same id as text. */
    @Test
    void aGeneratedIdsNumbersAreWrittenAsItsText() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        PredictionLine line = new PredictionLine(new LineFields(",\"schema\":1".getBytes(StandardCharsets.US_ASCII)), null);
        for (int i = 0; i < 2_000; i++) {
            PredictionEvent numbered = event(random);
            long high = random.nextLong();
            long low = i == 0 ? 0 : random.nextLong();
            numbered = withId(numbered, null, high, low == 0 && high == 0 ? 1 : low);
            String text = String.format("%016x%016x", numbered.requestIdHigh(), numbered.requestIdLow());
            PredictionEvent asText = withId(numbered, text, 0, 0);
            assertTrue(numbered.numberedRequestId());
            assertEquals(text, numbered.requestId());
            assertEquals(withoutEventId(reference(asText)), withoutEventId(reference(numbered)), "Jackson path");
            assertEquals(withoutEventId(encode(asText)), withoutEventId(encode(numbered)), "direct path");
            assertTrue(withoutEventId(encode(numbered)).contains("\"request_id\":\"" + text + "\""));
        }
        assertTrue(line.encode(withId(event(random), null, 1, 2), ID));
    }

    /** An output that is a double or a float, kept as its number, is written as its characteristics object is. */
    @Test
    void anOutputKeptAsANumberIsWrittenAsItsCharacteristicsAre() throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        InputCapture noValues = new InputCapture(HashSettings.defaults(), true, null,
                new io.predlog.agent.capture.OutputSettings(true, false));
        int numbers = 0;
        for (int i = 0; i < 2_000; i++) {
            PredictionEvent e = event(random);
            double d = number(random);
            boolean single = random.nextBoolean();
            InputCapture c = random.nextInt(4) == 0 ? noValues : capture;
            CapturedOutput kept = c.captureOutputNumber(single ? (float) d : d, single, new CapturedOutput());
            PredictionEvent asNumber = withOutput(e, kept);
            PredictionEvent asObject = new PredictionEvent(e.startEpochMillis(), e.thread(), e.requestId(),
                    e.target(), e.method(), e.modelId(), e.modelVersion(), e.inputHash(), e.input(), kept.hash(),
                    e.latencyMs(), e.errorType(), e.errorMessage(), e.sampleRate(), e.inputSeenBefore(),
                    kept.characteristics(), 0, 0);
            assertEquals(kept.numberType(), asNumber.outputNumberType());
            assertEquals(kept.characteristics(), asNumber.outputCharacteristics());
            assertEquals(withoutEventId(reference(asObject)), withoutEventId(reference(asNumber)), "Jackson path");
            assertEquals(withoutEventId(encode(asObject)), withoutEventId(encode(asNumber)), "direct path");
            numbers += asNumber.success() ? 1 : 0;
        }
        assertTrue(numbers > 1_000, "most succeeded and wrote their output: " + numbers);
    }

    /**
     * An output number whose hash the capture left to the encoder is written with the hash the capture makes of it,
     * SHA-256 or HMAC-SHA256, by both paths and by another thread's encoder; the line is the one of the same event
     * hashed by the capture.
     */
    @Test
    void anOutputNumberHashedAtEncodingIsWrittenWithTheHashTheCaptureMakes() throws IOException {
        SplittableRandom random = new SplittableRandom(29);
        for (HashSettings settings : List.of(HashSettings.defaults(),
                new HashSettings("k3y".getBytes(StandardCharsets.UTF_8), 10_000, 1 << 20, 64))) {
            InputCapture hashing = new InputCapture(settings, true);
            InputCapture leaving = new InputCapture(settings, true, null,
                    io.predlog.agent.capture.OutputSettings.DEFAULTS, List.of(), () -> true);
            EventJsonEncoder withHash = new EventJsonEncoder(PROCESS, new NumberHash(settings));
            EventJsonEncoder otherThread = withHash.another();
            for (int i = 0; i < 2_000; i++) {
                PredictionEvent e = event(random);
                double d = number(random);
                boolean single = random.nextBoolean();
                double value = single ? (float) d : d;
                CapturedOutput left = leaving.captureOutputNumber(value, single, new CapturedOutput());
                assertTrue(left.hashedAtEncoding());
                PredictionEvent deferred = withOutput(e, left);
                PredictionEvent hashed = withOutput(e, hashing.captureOutputNumber(value, single,
                        new CapturedOutput()));
                assertTrue(deferred.outputHashAtEncoding());
                String expected = withoutEventId(encode(withHash, hashed));
                assertEquals(expected, withoutEventId(encode(withHash, deferred)), "direct path");
                assertEquals(expected, withoutEventId(reference(withHash, deferred)), "Jackson path");
                assertEquals(expected, withoutEventId(encode(otherThread, deferred)), "another thread's encoder");
                if (e.success()) {
                    assertEquals(hashing.hashValue(single ? (Object) (float) value : (Object) value).hash(),
                            HashResult.hexOf(deferred.outputHashPrefix(new NumberHash(settings))), "the box's hash");
                }
            }
        }
    }

    /** An encoder without the means to hash such an output writes no line for it rather than a wrong hash. */
    @Test
    void anEncoderWithoutANumberHashRefusesAnOutputLeftToIt() {
        InputCapture leaving = new InputCapture(HashSettings.defaults(), true, null,
                io.predlog.agent.capture.OutputSettings.DEFAULTS, List.of(), () -> true);
        PredictionEvent e = new PredictionEvent(SampleEvents.START, "w", "r", "t", "m#p", null, null, null, null,
                null, 1, null, null, 1.0);
        PredictionEvent deferred = withOutput(e, leaving.captureOutputNumber(0.25, false, new CapturedOutput()));
        PredictionLine line = new PredictionLine(new LineFields(",\"schema\":1".getBytes(StandardCharsets.US_ASCII)), null);
        assertFalse(line.encode(deferred, ID));
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> encode(deferred));
        assertTrue(refused.getMessage().contains("hashed at encoding"), refused.getMessage());
    }

    /** The flags of an event give back what they were made of. */
    @Test
    void theFlagsGiveBackTheHashBitsNoveltyAndNumberType() {
        PredictionEvent e = event(new SplittableRandom(3));
        for (int in = 0; in < 16; in++) {
            for (int out = 0; out < 16; out++) {
                for (Boolean seen : new Boolean[] {null, true, false}) {
                    for (int number = 0; number <= CapturedOutput.FLOAT_TYPE_ONLY; number++) {
                        PredictionEvent f = new PredictionEvent(e.startEpochMillis(), e.thread(), e.requestId(),
                                e.target(), e.method(), e.modelId(), e.modelVersion(), e.inputHashPrefix(),
                                e.inputSize(), e.input(), e.outputHashPrefix(), e.latencyMs(), e.errors(),
                                e.sampleRate(), null, 0.5, PredictionEvent.flags(in, out, seen, number), 0, 0);
                        assertEquals(e.errors(), f.errors());
                        assertEquals(in, f.inputHashBits());
                        assertEquals(out, f.outputHashBits());
                        assertEquals(seen, f.inputSeenBefore());
                        assertEquals(number, f.outputNumberType());
                    }
                }
            }
        }
    }

    /** What went wrong is one object, made only when something did; a hash error alone is no failure. */
    @Test
    void theErrorsAreOneObjectMadeOnlyWhenThereAreSome() {
        assertNull(PredictionEvent.Errors.of(null, null, null, null));
        PredictionEvent hashError = new PredictionEvent(SampleEvents.START, "w", "r", "t", "m#p", null, null,
                new HashResult(1, 2, false, false, true, "java.lang.IllegalStateException"), null, null, 1, null,
                null, 1.0);
        assertTrue(hashError.success());
        assertEquals("java.lang.IllegalStateException", hashError.inputHashError());
        assertNull(hashError.outputHashError());
        PredictionEvent failed = new PredictionEvent(SampleEvents.START, "w", "r", "t", "m#p", null, null, null,
                null, null, 1, "java.io.IOException", "disk", 1.0);
        assertFalse(failed.success());
        assertEquals("java.io.IOException", failed.errorType());
        assertEquals("disk", failed.errorMessage());
        PredictionEvent fine = new PredictionEvent(SampleEvents.START, "w", "r", "t", "m#p", null, null, null,
                null, null, 1, null, null, 1.0);
        assertNull(fine.errors(), "no object for a call that went well");
        assertTrue(fine.success());
    }

    /** {@code e} with its output replaced by {@code output}'s hash and number, as the recorder makes it. */
    private static PredictionEvent withOutput(PredictionEvent e, CapturedOutput output) {
        return new PredictionEvent(e.startEpochMillis(), e.thread(), e.requestId(), e.target(), e.method(),
                e.modelId(), e.modelVersion(), e.inputHashPrefix(), e.inputSize(), e.input(), output.hashPrefix(),
                e.latencyMs(), PredictionEvent.Errors.of(e.errorType(), e.errorMessage(), e.inputHashError(),
                        output.hashError()), e.sampleRate(), null, output.number(),
                PredictionEvent.flags(e.inputHashBits(), output.hashBits(), e.inputSeenBefore(), output.numberType(),
                        output.hashedAtEncoding()),
                0, 0);
    }

    private static PredictionEvent withId(PredictionEvent e, String requestId, long high, long low) {
        return new PredictionEvent(e.startEpochMillis(), e.thread(), requestId, e.target(), e.method(), e.modelId(),
                e.modelVersion(), e.inputHash(), e.input(), e.output(), e.latencyMs(), e.errorType(),
                e.errorMessage(), e.sampleRate(), e.inputSeenBefore(), e.outputCharacteristics(), high, low);
    }

    @Test
    void aTypicalCallsEventIsEncodedWithoutJackson() {
        CapturedInput input = capture.captureValue(Map.of("amount", 12.5, "count", 3, "plan", "premium"));
        PredictionEvent event = new PredictionEvent(SampleEvents.START, "http-nio-1", "0123456789abcdef0123456789abcdef",
                "score", "com.acme.Model#predict", "fraud", "v3", input.hash(), input.characteristics(),
                new HashResult(0x8899aabbccddeeffL, 9, false, false), 1.2345, null, null, 1.0, true,
                capture.captureOutput(0.75).characteristics());
        PredictionLine line = new PredictionLine(new LineFields(",\"schema\":1".getBytes(StandardCharsets.US_ASCII)), null);
        assertTrue(line.encode(event, ID));
    }

    @Test
    void whatItCannotEncodeExactlyGoesThroughJacksonAndComesOutTheSame() throws IOException {
        PredictionLine line = new PredictionLine(new LineFields(",\"schema\":1".getBytes(StandardCharsets.US_ASCII)), null);
        PredictionEvent surrogate = new PredictionEvent(SampleEvents.START, "worker-\ud83d\ude00", "r", "t", "m#p",
                null, null, null, null, null, 1, null, null, 1.0);
        PredictionEvent loneSurrogate = new PredictionEvent(SampleEvents.START, "w", "r", "t", "m#p",
                "model-\ud83d", null, null, null, null, 1, "E", "boom \udc00", 1.0);
        Map<String, Object> plainMap = new HashMap<>(Map.of("amount", 12.5));
        PredictionEvent notCaptured = new PredictionEvent(SampleEvents.START, "w", "r", "t", "m#p", null, null,
                null, plainMap, null, 1, null, null, 1.0);
        for (PredictionEvent event : List.of(surrogate, loneSurrogate, notCaptured)) {
            assertFalse(line.encode(event, ID), "declined: " + event);
            assertEquals(outcome(() -> withoutEventId(reference(event))), outcome(() -> withoutEventId(encode(event))));
        }
    }

    /** The line with its {@code event_id} (each line has its own) replaced by a placeholder; fails without one. */
    static String withoutEventId(String line) {
        Matcher id = EVENT_ID.matcher(line);
        assertTrue(id.find(), line);
        return id.replaceFirst("\"event_id\":\"-\"");
    }

    private String encode(Event event) throws IOException {
        return encode(encoder, event);
    }

    private String reference(Event event) throws IOException {
        return reference(encoder, event);
    }

    /** {@code event} as {@code encoder} writes it. */
    static String encode(EventJsonEncoder encoder, Event event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encoder.encode(event, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** {@code event} as {@code encoder}'s Jackson path writes it. */
    static String reference(EventJsonEncoder encoder, Event event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encoder.encodeWithGenerator(event, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The line, or the class of what encoding threw (Jackson decides what a lone surrogate becomes). */
    private static String outcome(Encoding encoding) {
        try {
            return encoding.run();
        } catch (Exception e) {
            return e.getClass().getName();
        }
    }

    private interface Encoding {
        String run() throws Exception;
    }

    private PredictionEvent event(SplittableRandom r) {
        CapturedInput input = r.nextInt(5) == 0 ? null : capture.captureValue(value(r, 0));
        Map<String, Object> output = r.nextInt(4) == 0 ? null : capture.captureOutput(value(r, 0)).characteristics();
        boolean failed = r.nextInt(4) == 0;
        boolean numbered = r.nextInt(3) == 0; // a generated request id held as two numbers
        return new PredictionEvent(r.nextInt(10) == 0 ? -62_000_000_000_000L * r.nextInt(1, 10)
                : SampleEvents.START + r.nextLong(1L << 40), text(r), numbered ? null : text(r), text(r), text(r),
                text(r), text(r), input == null ? hash(r) : input.hash(), input == null ? null : input.characteristics(),
                r.nextInt(5) == 0 ? null : hash(r), number(r), failed ? text(r) : null, failed ? text(r) : null,
                pick(r, 1.0, 0.5, 1e-7, 0.1, Double.NaN, 1.0 / 3, 0.0),
                r.nextInt(3) == 0 ? null : r.nextBoolean(), output, numbered ? r.nextLong() | 1 : 0,
                numbered ? r.nextLong() : 0);
    }

    private static HashResult hash(SplittableRandom r) {
        if (r.nextInt(4) == 0) {
            return null;
        }
        boolean opaque = r.nextInt(8) == 0;
        return new HashResult(r.nextLong(), pick(r, -1, 0, 593, Long.MAX_VALUE), r.nextInt(5) == 0,
                r.nextInt(5) == 0, opaque,
                opaque && r.nextBoolean() ? "java.util.ConcurrentModificationException" : null);
    }

    static double number(SplittableRandom r) {
        return pick(r, 0.0, -0.0, 1.2345, -0.0004, 0.0005, 1e17, -3e20, Double.NaN, Double.POSITIVE_INFINITY,
                r.nextDouble() * 1000, Double.longBitsToDouble(r.nextLong()), 12.0);
    }

    /** A value of the kinds a model takes: maps of features, lists, arrays, scalars, text. */
    private Object value(SplittableRandom r, int depth) {
        switch (r.nextInt(depth > 0 ? 6 : 9)) {
            case 0:
                return number(r);
            case 1:
                return r.nextLong();
            case 2:
                return text(r);
            case 3:
                return r.nextInt(-1000, 1000);
            case 4:
                return r.nextFloat();
            case 5:
                return null;
            case 6: {
                double[] a = new double[r.nextInt(6)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = number(r);
                }
                return r.nextBoolean() ? a : new double[][] {a, a};
            }
            case 7: {
                List<Object> list = new ArrayList<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    list.add(r.nextBoolean() ? number(r) : value(r, depth + 1));
                }
                return list;
            }
            default: {
                Map<String, Object> map = new HashMap<>();
                for (int i = r.nextInt(20); i > 0; i--) {
                    String key = text(r);
                    map.put(key == null ? "k" : key, value(r, depth + 1));
                }
                return map;
            }
        }
    }

    static String text(SplittableRandom r) {
        int kind = r.nextInt(8);
        if (kind == 0) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(kind == 1 ? 1 : 16); i > 0; i--) {
            s.append(kind < 5 ? (char) ('a' + r.nextInt(26)) : CHARS[r.nextInt(CHARS.length)]);
        }
        return s.toString();
    }

    private static double pick(SplittableRandom r, double... choices) {
        return choices[r.nextInt(choices.length)];
    }

    private static long pick(SplittableRandom r, long... choices) {
        return choices[r.nextInt(choices.length)];
    }
}
