package io.predlog.agent.drift;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One feature's baseline and window proportions over the same bins, with what each bin is: a numeric range or a
 * category. What PSI and Jensen–Shannon are computed from, and what {@code top_moved_bins} reports.
 *
 * @param baseline   baseline proportion per bin
 * @param window     window proportion per bin
 * @param edges      numeric: the bin edges (bins − 1 of them); null for a categorical feature
 * @param categories categorical: each bin's category, null for the bucket of values past the category cap;
 *                   null for a numeric feature
 */
record Comparison(double[] baseline, double[] window, double[] edges, String[] categories) {

    int bins() {
        return baseline.length;
    }

    /**
     * Up to {@code limit} bins whose proportion moved most (|window − baseline|), largest first; numeric bins as
     * {@code {lower, upper, baseline, window}} (no {@code lower} for the first bin, no {@code upper} for the last),
     * categorical as {@code {category, baseline, window}}, the past-the-cap bucket as {@code {other: true, …}}.
     */
    List<Map<String, Object>> topMoved(int limit) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < bins(); i++) {
            if (baseline[i] != window[i]) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -Math.abs(window[i] - baseline[i]))
                .thenComparingInt(i -> i));
        List<Map<String, Object>> top = new ArrayList<>();
        for (int i : order.subList(0, Math.min(limit, order.size()))) {
            Map<String, Object> bin = new LinkedHashMap<>();
            if (edges != null) {
                // the encoder writes nulls inside nested maps, so an open end is left out rather than put as null
                if (i > 0) {
                    bin.put("lower", edges[i - 1]);
                }
                if (i < edges.length) {
                    bin.put("upper", edges[i]);
                }
            } else if (categories[i] == null) {
                bin.put("other", Boolean.TRUE);
            } else {
                bin.put("category", categories[i]);
            }
            bin.put("baseline", DriftEvents.round(baseline[i]));
            bin.put("window", DriftEvents.round(window[i]));
            top.add(bin);
        }
        return top;
    }
}
