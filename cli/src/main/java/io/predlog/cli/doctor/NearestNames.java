package io.predlog.cli.doctor;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** "Did you mean": the names nearest to a misspelt one, by edit distance (case-insensitive). */
final class NearestNames {

    private NearestNames() {
    }

    /** Up to {@code limit} candidates within a third of {@code word}'s length (2 to 4 edits), nearest first. */
    static List<String> nearest(String word, Collection<String> candidates, int limit) {
        String w = word.toLowerCase(Locale.ROOT);
        int allowed = Math.max(2, Math.min(4, w.length() / 3));
        return candidates.stream()
                .filter(c -> Math.abs(c.length() - w.length()) <= allowed)
                .map(c -> new Scored(c, distance(w, c.toLowerCase(Locale.ROOT))))
                .filter(s -> s.distance <= allowed)
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .limit(limit)
                .map(Scored::name)
                .toList();
    }

    private record Scored(String name, int distance) {
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
