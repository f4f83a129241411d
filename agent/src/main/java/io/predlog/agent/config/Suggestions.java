package io.predlog.agent.config;

import java.util.Collection;

/** "Did you mean" for misspelt keys: the closest candidate by edit distance, when it is close enough. */
public final class Suggestions {

    private Suggestions() {
    }

    /** Words longer than this get no suggestion: no key is that long, and the distance costs length squared. */
    public static final int MAX_WORD_CHARS = 256;

    /**
     * The candidate nearest to {@code word}, or null when none is within a third of its length (at most 3 edits).
     * Bounded time: no suggestion for a word longer than {@value #MAX_WORD_CHARS} characters, and no distance is
     * computed to a candidate whose length alone rules it out.
     */
    public static String closest(String word, Collection<String> candidates) {
        if (word.length() > MAX_WORD_CHARS) {
            return null;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int limit = Math.min(3, Math.max(1, word.length() / 3));
        for (String candidate : candidates) {
            if (Math.abs(candidate.length() - word.length()) > limit || candidate.length() > MAX_WORD_CHARS) {
                continue;
            }
            int d = distance(word, candidate);
            if (d <= limit && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /**
     * Whether {@link #distance} is at most {@code max}, without computing it when the lengths alone rule that out:
     * for comparing one word with thousands (every loaded class's name).
     */
    public static boolean within(String a, String b, int max) {
        return Math.abs(a.length() - b.length()) <= max && distance(a, b) <= max;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent transpositions. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
