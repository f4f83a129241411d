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
     * Whether {@link #distance} is at most {@code max}: for comparing one word with thousands (every loaded class's
     * name). Only the cells of the distance table within {@code max} of its diagonal can hold a distance of at most
     * {@code max}, so only those are computed, three rows at a time, and the answer is no as soon as a whole row
     * exceeds {@code max}: most pairs are settled after a few characters, without allocating a table.
     */
    public static boolean within(String a, String b, int max) {
        int n = a.length();
        int m = b.length();
        if (max < 0 || Math.abs(n - m) > max) {
            return false;
        }
        int over = max + 1; // any value above max: cells outside the band
        int[] twoBack = new int[m + 1];
        int[] previous = new int[m + 1];
        int[] current = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            previous[j] = j <= max ? j : over;
        }
        for (int i = 1; i <= n; i++) {
            int from = Math.max(1, i - max);
            int to = Math.min(m, i + max);
            current[0] = i <= max ? i : over;
            if (from > 1) {
                current[from - 1] = over;
            }
            int rowMin = current[0];
            char ca = a.charAt(i - 1);
            for (int j = from; j <= to; j++) {
                char cb = b.charAt(j - 1);
                int d = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + (ca == cb ? 0 : 1));
                if (i > 1 && j > 1 && ca == b.charAt(j - 2) && a.charAt(i - 2) == cb) {
                    d = Math.min(d, twoBack[j - 2] + 1);
                }
                d = Math.min(d, over);
                current[j] = d;
                rowMin = Math.min(rowMin, d);
            }
            if (to < m) {
                current[to + 1] = over;
            }
            if (rowMin > max) {
                return false;
            }
            int[] spare = twoBack;
            twoBack = previous;
            previous = current;
            current = spare;
        }
        return previous[m] <= max;
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
