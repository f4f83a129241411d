package io.predlog.agent.sink.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GzipStreamTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4, 5, 8, 9, 257, 258, 259, 32_767, 32_768, 32_769, 65_535, 65_536, 65_537,
        98_304, 131_072, 200_001})
    void eventLinesOfEverySizeAroundTheBlockAndWindowBoundariesComeBackUnchanged(int size) throws IOException {
        byte[] data = Arrays.copyOf(eventLines(new SplittableRandom(size), size / 200 + 2), size);
        assertRoundTrip(data, 1 << 20);
    }

    @Test
    void randomBytesAreStoredAndComeBackUnchanged() throws IOException {
        byte[] data = new byte[300_000];
        new SplittableRandom(7).nextBytes(data);
        byte[] gz = gzip(data, 65_536);
        assertArrayEquals(data, gunzip(gz));
        assertTrue(gz.length < data.length + data.length / 1000 + 64,
                "stored blocks add only their headers: " + gz.length);
    }

    @Test
    void longRunsUseOverlappingMatchesOfTheLongestLength() throws IOException {
        byte[] zeros = new byte[1_000_000];
        byte[] gz = gzip(zeros, 4096);
        assertArrayEquals(zeros, gunzip(gz));
        assertTrue(gz.length < 5_000, "a megabyte of zeros in " + gz.length + " bytes");
        byte[] pattern = new byte[500_000];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) "abcab".charAt(i % 5);
        }
        assertRoundTrip(pattern, 777);
    }

    @Test
    void matchesReachBackTheWholeWindowAndNoFurther() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        for (int gap : new int[] {32_768 - 300, 32_768 - 258, 32_768 - 4, 32_768, 32_769, 40_000}) {
            byte[] phrase = new byte[300];
            random.nextBytes(phrase);
            byte[] filler = new byte[gap - phrase.length];
            random.nextBytes(filler);
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            for (int i = 0; i < 6; i++) {
                data.write(phrase);
                data.write(filler);
            }
            assertRoundTrip(data.toByteArray(), 10_007);
        }
    }

    @Test
    void skewedFrequenciesGetCodesNoLongerThanFifteenBits() throws IOException {
        // literal counts in a Fibonacci progression make an unlimited Huffman tree about 25 levels deep
        int[] counts = new int[25];
        counts[0] = 1;
        counts[1] = 1;
        for (int i = 2; i < counts.length; i++) {
            counts[i] = counts[i - 1] + counts[i - 2];
        }
        HuffmanCodes huffman = new HuffmanCodes();
        int[] freq = new int[286];
        for (int i = 0; i < counts.length; i++) {
            freq[i * 10] = counts[i];
        }
        int[] lengths = new int[286];
        huffman.lengths(freq, 286, 15, lengths);
        assertEquals(15, Arrays.stream(lengths).max().orElseThrow());
        assertEquals(1.0, kraft(lengths), 1e-12, "a complete prefix code");
        for (int i = 1; i < counts.length; i++) {
            assertTrue(lengths[i * 10] <= lengths[(i - 1) * 10], "a more frequent symbol never gets a longer code");
        }

        // the same distribution as bytes, scattered so that few repeat as matches
        int total = Arrays.stream(counts).sum();
        byte[] data = new byte[total];
        int at = 0;
        for (int i = 0; i < counts.length; i++) {
            for (int k = 0; k < counts[i]; k++) {
                data[at++] = (byte) (i * 10);
            }
        }
        SplittableRandom random = new SplittableRandom(11);
        for (int i = data.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            byte t = data[i];
            data[i] = data[j];
            data[j] = t;
        }
        assertRoundTrip(data, 1 << 20);
    }

    @Test
    void theCodesOfOneOrNoSymbolAreStillComplete() {
        HuffmanCodes huffman = new HuffmanCodes();
        int[] lengths = new int[30];
        huffman.lengths(new int[30], 30, 15, lengths);
        assertEquals(1.0, kraft(lengths), 1e-12);
        int[] one = new int[30];
        one[7] = 1000;
        huffman.lengths(one, 30, 15, lengths);
        assertEquals(1, lengths[7]);
        assertEquals(1.0, kraft(lengths), 1e-12);
    }

    @Test
    void manyRandomInputsWrittenInRandomPiecesComeBackUnchanged() throws IOException {
        SplittableRandom random = new SplittableRandom(2026);
        for (int round = 0; round < 60; round++) {
            int size = random.nextInt(250_000);
            byte[] data = switch (round % 4) {
                case 0 -> Arrays.copyOf(eventLines(random, size / 150 + 1), size);
                case 1 -> smallAlphabet(random, size, 2 + random.nextInt(20));
                case 2 -> mixture(random, size);
                default -> {
                    byte[] b = new byte[size];
                    random.nextBytes(b);
                    yield b;
                }
            };
            assertRoundTrip(data, 1 + random.nextInt(100_000));
        }
    }

    @Test
    void eventFilesCompressAboutAsWellAsZlibAtItsFastestLevel() throws IOException {
        byte[] data = eventLines(new SplittableRandom(5), 20_000);
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(zlib) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_SPEED);
            }
        }) {
            out.write(data);
        }
        byte[] ours = gzip(data, 65_536);
        assertArrayEquals(data, gunzip(ours));
        double ratio = (double) ours.length / zlib.size();
        assertTrue(ratio < 1.15, "our gzip is " + ours.length + " bytes, zlib level 1's " + zlib.size());
        assertTrue(data.length / ours.length > 4, "event lines compress: " + data.length + " to " + ours.length);
    }

    @Test
    void theTrailerCarriesTheCrcAndTheLengthAndTheStreamRefusesWritesAfterFinishing() throws IOException {
        byte[] data = eventLines(new SplittableRandom(9), 100);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        GzipStream gzip = new GzipStream(sink);
        gzip.write(data);
        gzip.finish();
        gzip.finish();
        byte[] gz = sink.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(data);
        int n = gz.length;
        long storedCrc = (gz[n - 8] & 0xFFL) | (gz[n - 7] & 0xFFL) << 8 | (gz[n - 6] & 0xFFL) << 16
                | (gz[n - 5] & 0xFFL) << 24;
        int storedSize = (gz[n - 4] & 0xFF) | (gz[n - 3] & 0xFF) << 8 | (gz[n - 2] & 0xFF) << 16
                | (gz[n - 1] & 0xFF) << 24;
        assertEquals(crc.getValue(), storedCrc);
        assertEquals(data.length, storedSize);
        assertEquals(0x1f, gz[0] & 0xFF);
        assertEquals(0x8b, gz[1] & 0xFF);
        assertThrows(IOException.class, () -> gzip.write(1));
    }

    @Test
    void singleBytesWrittenOneAtATimeComeBackUnchanged() throws IOException {
        byte[] data = eventLines(new SplittableRandom(1), 30);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (GzipStream gzip = new GzipStream(sink)) {
            for (byte b : data) {
                gzip.write(b);
            }
        }
        assertArrayEquals(data, gunzip(sink.toByteArray()));
    }

    private static double kraft(int[] lengths) {
        double sum = 0;
        for (int len : lengths) {
            if (len > 0) {
                sum += Math.pow(2, -len);
            }
        }
        return sum;
    }

    private static void assertRoundTrip(byte[] data, int piece) throws IOException {
        byte[] gz = gzip(data, piece);
        byte[] back = gunzip(gz);
        assertEquals(data.length, back.length);
        assertArrayEquals(data, back);
    }

    static byte[] gzip(byte[] data, int piece) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (GzipStream gzip = new GzipStream(sink)) {
            for (int off = 0; off < data.length; off += piece) {
                gzip.write(data, off, Math.min(piece, data.length - off));
            }
        }
        return sink.toByteArray();
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    /** Prediction events as the agent writes them: fixed fields, random ids and hashes, varied numbers. */
    static byte[] eventLines(SplittableRandom random, int lines) {
        StringBuilder text = new StringBuilder();
        String[] features = {"age", "amount", "balance", "credit_score", "tenure_months", "plan", "devices"};
        for (int i = 0; i < lines; i++) {
            text.append("{\"event\":\"prediction_success\",\"level\":\"INFO\",\"timestamp\":\"2026-12-04T10:")
                    .append(10 + i / 6000 % 50).append(':').append(10 + i / 100 % 50).append('.')
                    .append(100 + i % 900).append("Z\",\"schema\":1,\"service\":\"churn-api\",\"host\":\"node-7\",")
                    .append("\"pid\":4242,\"event_id\":\"").append(hex(random, 16)).append(String.format("%016x", i))
                    .append("\",\"thread\":\"worker-").append(random.nextInt(8)).append("\",\"request_id\":\"")
                    .append(hex(random, 32))
                    .append("\",\"target\":\"score\",\"method\":\"com.acme.ml.ChurnModel#predict\",")
                    .append("\"model_id\":\"churn\",\"model_version\":\"v2\",\"input_hash\":\"").append(hex(random, 16))
                    .append("\",\"input_size\":").append(300 + random.nextInt(200)).append(",\"output_hash\":\"")
                    .append(hex(random, 16)).append("\",\"input_seen_before\":").append(random.nextInt(4) == 0)
                    .append(",\"latency_ms\":").append(random.nextInt(2000) / 1000.0)
                    .append(",\"input\":{\"type\":\"java.util.HashMap\",\"num_fields\":").append(features.length)
                    .append(",\"values\":{");
            for (int f = 0; f < features.length; f++) {
                text.append(f == 0 ? "" : ",").append('"').append(features[f]).append("\":")
                        .append(f % 2 == 0 ? Integer.toString(random.nextInt(100_000))
                                : Double.toString(Math.round(random.nextDouble() * 1e6) / 100.0));
            }
            text.append("}},\"sample_rate\":1.0}\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(SplittableRandom random, int digits) {
        StringBuilder s = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            s.append(Character.forDigit(random.nextInt(16), 16));
        }
        return s.toString();
    }

    private static byte[] smallAlphabet(SplittableRandom random, int size, int letters) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + random.nextInt(letters));
        }
        return b;
    }

    private static byte[] mixture(SplittableRandom random, int size) {
        byte[] b = new byte[size];
        int i = 0;
        while (i < size) {
            int run = Math.min(size - i, 1 + random.nextInt(2_000));
            switch (random.nextInt(3)) {
                case 0 -> Arrays.fill(b, i, i + run, (byte) random.nextInt(256));
                case 1 -> {
                    byte[] r = new byte[run];
                    random.nextBytes(r);
                    System.arraycopy(r, 0, b, i, run);
                }
                default -> {
                    if (i > 0) {
                        int from = random.nextInt(i);
                        for (int k = 0; k < run; k++) {
                            b[i + k] = b[from + k];
                        }
                    }
                }
            }
            i += run;
        }
        return b;
    }
}
