package io.predlog.agent.capture;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ValueCursorTest {

    private static final String TAGS = "DLISB";

    /** Fields whose values are {@code texts} (null: a field without a value), tagged in turn with {@code tags}. */
    private static Characteristics.Fields fields(List<String> texts, String tags) {
        ByteArrayOutputStream slots = new ByteArrayOutputStream();
        String[] names = new String[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            names[i] = "f" + i;
            String text = texts.get(i);
            if (text == null) {
                slots.write('x');
            } else {
                slots.write(tags.charAt(i % tags.length()));
                slots.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
            }
        }
        return new Characteristics.Fields("java.util.HashMap", names.length, names, names.length, 0,
                slots.toByteArray());
    }

    /** Every value copied as a writer does, each into a buffer exactly as long as the cursor says it needs. */
    private static List<String> copied(Characteristics.Fields f, int room) {
        ValueCursor cursor = new ValueCursor();
        cursor.reset(f);
        List<String> out = new ArrayList<>();
        while (cursor.advance()) {
            byte[] dst = new byte[room + cursor.remaining()];
            Arrays.fill(dst, (byte) '#');
            int end = cursor.copyValue(dst, room);
            out.add(cursor.index() + "=" + new String(dst, room, end - room, StandardCharsets.US_ASCII));
            String text = new String(cursor.bytes(), cursor.start(), cursor.end() - cursor.start(),
                    StandardCharsets.US_ASCII);
            assertEquals(out.get(out.size() - 1), cursor.index() + "=" + text, "start() and end() frame the text");
        }
        return out;
    }

    /** {@code index=text} of each value of {@code texts} (null: a field without a value), as the cursor reads them. */
    static List<String> expected(List<String> texts) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) != null) {
                out.add(i + "=" + texts.get(i));
            }
        }
        return out;
    }

    @Test
    void valuesOfEveryLengthAroundAWordAreCopiedWhole() {
        List<String> texts = new ArrayList<>();
        for (int length = 1; length <= 25; length++) {
            texts.add("1234567890123456789012345".substring(0, length));
            texts.add("-0.12345678901234567890123".substring(0, length));
        }
        for (int room = 0; room < 3; room++) {
            assertEquals(expected(texts), copied(fields(texts, TAGS), room));
        }
    }

    @Test
    void anExponentsLetterIsTextNotATag() {
        List<String> texts = List.of("1E+10", "2.5e-7", "1.2345678901234567E-300", "9e9", "12345678E1", "1234567e1",
                "-1.0E10", "E", "e");
        assertEquals(expected(texts), copied(fields(texts, TAGS), 0));
        assertFalse(ValueCursor.isTag((byte) 'e'));
    }

    @Test
    void fieldsWithoutValuesAreSkippedAndTheLastValueEndsTheSlots() {
        List<String> texts = Arrays.asList(null, "1", null, null, "123456789", null, "42", "7");
        assertEquals(expected(texts), copied(fields(texts, TAGS), 1));
        assertEquals(List.of(), copied(fields(Arrays.asList(null, null), TAGS), 0));
        assertEquals(List.of("0=12345678"), copied(fields(List.of("12345678"), TAGS), 0),
                "exactly a word, then the end");
    }

    @Test
    void randomNumbersCopyAsTheyWereWritten() {
        Random random = new Random(42);
        for (int round = 0; round < 2_000; round++) {
            List<String> texts = new ArrayList<>();
            int n = random.nextInt(30);
            for (int i = 0; i < n; i++) {
                int kind = random.nextInt(6);
                texts.add(switch (kind) {
                    case 0 -> null;
                    case 1 -> Integer.toString(random.nextInt());
                    case 2 -> Long.toString(random.nextLong());
                    case 3 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
                    case 4 -> Double.toString(Math.round(random.nextDouble() * 10_000) / 100.0);
                    default -> Integer.toString(random.nextInt(100));
                });
            }
            assertEquals(expected(texts), copied(fields(texts, TAGS), random.nextInt(4)), texts.toString());
        }
    }
}
