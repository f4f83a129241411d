package io.predlog.agent.capture;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The values' slots a walk fills: each value's text kept exactly, wherever in its buffer the walk wrote it. */
class InputProfileValuesTest {

    /**
     * Fills a profile with {@code texts} (null: a field without a value), each taken from a buffer of its own at a
     * random place, and reads back the values it kept.
     */
    private static List<String> keptValues(List<String> texts, Random random, int bufferLength) {
        InputProfile profile = new InputProfile();
        profile.reset(true, "java.util.HashMap");
        profile.fields(texts.size());
        String[] names = new String[texts.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = "f" + i;
        }
        profile.names(names, null, 0, names.length);
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            profile.fieldReached(i);
            if (text == null) {
                continue;
            }
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            byte[] buffer = new byte[Math.max(bufferLength, bytes.length)];
            Arrays.fill(buffer, (byte) '9'); // what the walk wrote before and after the text
            int from = random.nextInt(buffer.length - bytes.length + 1);
            System.arraycopy(bytes, 0, buffer, from, bytes.length);
            profile.value(i, 'D', buffer, from, bytes.length);
        }
        Characteristics.Fields fields = (Characteristics.Fields) profile.snapshot(0);
        ValueCursor cursor = new ValueCursor();
        cursor.reset(fields);
        List<String> kept = new ArrayList<>();
        while (cursor.next()) {
            kept.add(cursor.index() + "=" + new String(cursor.bytes(), cursor.start(), cursor.end() - cursor.start(),
                    StandardCharsets.US_ASCII));
        }
        return kept;
    }

    @Test
    void textsOfEveryLengthAreKeptWholeFromAnywhereInTheirBuffer() {
        Random random = new Random(7);
        String digits = "-0.1234567890123456789012345";
        for (int bufferLength : new int[] {1, 8, 16, 17, 40, 4096}) {
            for (int round = 0; round < 50; round++) {
                List<String> texts = new ArrayList<>();
                for (int length = 1; length <= digits.length(); length++) {
                    texts.add(random.nextInt(5) == 0 ? null : digits.substring(0, length));
                }
                assertEquals(ValueCursorTest.expected(texts), keptValues(texts, random, bufferLength),
                        "buffer of " + bufferLength);
            }
        }
    }

    @Test
    void manyValuesGrowTheSlotsAndKeepEveryText() {
        Random random = new Random(11);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            texts.add(Double.toString(random.nextGaussian() * 1e6));
        }
        assertEquals(ValueCursorTest.expected(texts), keptValues(texts, random, 64));
    }
}
