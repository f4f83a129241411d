package io.predlog.agent.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

class SuggestionsTest {

    @Test
    void theDistanceCountsInsertionsDeletionsSubstitutionsAndAdjacentTranspositions() {
        assertEquals(0, Suggestions.distance("predict", "predict"));
        assertEquals(1, Suggestions.distance("predict", "predicts"));
        assertEquals(1, Suggestions.distance("predict", "preict"));
        assertEquals(1, Suggestions.distance("predict", "prediet"));
        assertEquals(1, Suggestions.distance("predict", "perdict"));
        assertEquals(7, Suggestions.distance("predict", ""));
    }

    /** {@code within} answers as the distance does, for words of every length difference. */
    @Test
    void withinAgreesWithTheDistance() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            String a = word(random);
            String b = random.nextInt(3) == 0 ? mutate(a, random) : word(random);
            int max = random.nextInt(5);
            assertEquals(Suggestions.distance(a, b) <= max, Suggestions.within(a, b, max), a + " / " + b + " / " + max);
        }
    }

    /** The same for long words (class names) a few edits apart, swapped neighbours included. */
    @Test
    void withinAgreesWithTheDistanceOnLongWords() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder w = new StringBuilder();
            for (int n = 20 + random.nextInt(50); n > 0; n--) {
                w.append((char) ('a' + random.nextInt(3)));
            }
            String a = w.toString();
            StringBuilder t = new StringBuilder(mutate(a, random));
            if (t.length() > 1 && random.nextBoolean()) {
                int at = random.nextInt(t.length() - 1);
                char c = t.charAt(at);
                t.setCharAt(at, t.charAt(at + 1));
                t.setCharAt(at + 1, c);
            }
            String b = t.toString();
            int max = random.nextInt(6);
            assertEquals(Suggestions.distance(a, b) <= max, Suggestions.within(a, b, max), a + " / " + b + " / " + max);
        }
        String named = "io.predlog.sample.model.TabularModel";
        assertTrue(Suggestions.within(named, "io.predlog.sample.model.TabulerModel", 1));
        assertFalse(Suggestions.within(named, "java.util.HashMap", 3));
    }

    @Test
    void theClosestCandidateWithinAThirdOfTheWord() {
        assertEquals("predlog.sample.success", Suggestions.closest("predlog.sample.sucess",
                List.of("predlog.sample.success", "predlog.sample.slow_ms")));
        assertNull(Suggestions.closest("predlog.nothing.like.it", List.of("predlog.sample.success")));
    }

    private static String word(Random random) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            s.append((char) ('a' + random.nextInt(4)));
        }
        return s.toString();
    }

    private static String mutate(String a, Random random) {
        StringBuilder s = new StringBuilder(a);
        for (int edits = random.nextInt(4); edits > 0; edits--) {
            int at = s.length() == 0 ? 0 : random.nextInt(s.length());
            switch (random.nextInt(3)) {
                case 0 -> s.insert(at, 'x');
                case 1 -> { if (s.length() > 0) { s.deleteCharAt(at); } }
                default -> { if (s.length() > 0) { s.setCharAt(at, 'y'); } }
            }
        }
        return s.toString();
    }
}
