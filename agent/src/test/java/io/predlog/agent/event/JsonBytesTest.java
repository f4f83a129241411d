package io.predlog.agent.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonBytesTest {

    private static final char[] CHARS = {'a', 'Z', '9', ' ', '"', '\\', '\n', '\t', '\u0001', '\u001f', '/', 'é',
        'ß', '€', '中', '\u007f', '\u0080', '\u07ff', '\u0800', '\uffff'};

    @Test
    void aCachedStringIsWrittenAsTheStringItselfIsWhetherItHitsOrMisses() {
        SplittableRandom random = new SplittableRandom(42);
        String[] pool = new String[700]; // more than the cache's slots: hits, misses and evictions all happen
        for (int i = 0; i < pool.length; i++) {
            pool[i] = text(random, i % 7 == 0 ? 300 : 24);
        }
        JsonBytes cached = new JsonBytes();
        JsonBytes plain = new JsonBytes();
        for (int i = 0; i < 50_000; i++) {
            String s = pool[random.nextInt(pool.length)];
            String value = random.nextBoolean() ? s : new String(s.toCharArray()); // equal, another instance
            cached.reset();
            plain.reset();
            cached.raw((byte) '[');
            plain.raw((byte) '[');
            assertTrue(cached.cachedString(value));
            assertTrue(plain.string(value));
            assertArrayEquals(Arrays.copyOf(plain.array(), plain.length()),
                    Arrays.copyOf(cached.array(), cached.length()),
                    "string " + i + ": " + value);
        }
    }

    @Test
    void aStringWithASurrogateIsRefusedEveryTimeAndNothingIsWritten() {
        JsonBytes bytes = new JsonBytes();
        bytes.raw((byte) '{');
        for (int i = 0; i < 3; i++) {
            assertFalse(bytes.cachedString("model-\ud83d\ude00"));
            assertFalse(bytes.cachedString("lone \udc00"));
            assertEquals(1, bytes.length());
        }
    }

    private static String text(SplittableRandom random, int maxLength) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(maxLength); i > 0; i--) {
            s.append(random.nextInt(3) == 0 ? CHARS[random.nextInt(CHARS.length)] : (char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }
}
