package io.predlog.benchmarks;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The benchmark inputs: maps of 18 features, as a tabular model receives them.
 *
 * <ul>
 *   <li>{@code full}: 18 full-precision doubles (16-17 significant digits, as a model's scaled or
 *       normalised features are), the worst case for number formatting.</li>
 *   <li>{@code typical}: what a feature row usually holds: integers, doubles with a few decimals and one
 *       categorical string.</li>
 *   <li>varied ({@link #variedRows}, {@link #fill}): the typical map's fields with values that differ from call to
 *       call as a service's requests do, so that every input, output, hash and event line is its own.</li>
 * </ul>
 */
public final class Features {

    static final String[] NAMES = {"age", "tenure_months", "monthly_charges", "total_charges", "num_products",
        "support_calls", "late_payments", "logins_30d", "sessions_7d", "avg_session_min", "discount_pct",
        "contract_months", "credit_score", "income_k", "dependents", "devices", "days_since_upgrade", "nps"};

    private Features() {
    }

    /** {@code full} or {@code typical}. */
    public static Map<String, Object> of(String kind) {
        return switch (kind) {
            case "full" -> eighteen();
            case "typical" -> typical();
            default -> throw new IllegalArgumentException("unknown input kind: " + kind);
        };
    }

    static Map<String, Object> eighteen() {
        Map<String, Object> features = new HashMap<>();
        for (int i = 0; i < NAMES.length; i++) {
            features.put(NAMES[i], (i + 1) * Math.PI / 7.3 - 0.5);
        }
        return features;
    }

    static Map<String, Object> typical() {
        Map<String, Object> f = new HashMap<>();
        f.put("age", 42);
        f.put("tenure_months", 18);
        f.put("monthly_charges", 79.85);
        f.put("total_charges", 1436.3);
        f.put("num_products", 3);
        f.put("support_calls", 1);
        f.put("late_payments", 0);
        f.put("logins_30d", 27);
        f.put("sessions_7d", 9);
        f.put("avg_session_min", 12.5);
        f.put("discount_pct", 0.15);
        f.put("contract_months", 12);
        f.put("credit_score", 712);
        f.put("income_k", 85.4);
        f.put("dependents", 2);
        f.put("devices", 3);
        f.put("days_since_upgrade", 210);
        f.put("plan", "premium"); // the categorical one, in place of nps
        return f;
    }

    /**
     * A copy of {@code row} as a JSON parser would make it for each request: a new {@code HashMap}, the same key
     * strings (parsers canonicalise field names), and each value a new object where the parser's boxing makes one
     * ({@code Double.valueOf} always, {@code Integer.valueOf} outside its cache, a new {@code String}).
     */
    public static Map<String, Object> asParsed(Map<String, Object> row) {
        Map<String, Object> copy = new HashMap<>(32);
        for (Map.Entry<String, Object> e : row.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Double d) {
                v = Double.valueOf(d.doubleValue());
            } else if (v instanceof Integer i) {
                v = Integer.valueOf(i.intValue());
            } else if (v instanceof String s) {
                v = new String(s);
            }
            copy.put(e.getKey(), v);
        }
        return copy;
    }

    public static Map<String, Double> weights() {
        Map<String, Double> weights = new HashMap<>();
        for (String name : eighteen().keySet()) {
            weights.put(name, (name.length() % 7 - 3) / 10.0);
        }
        return weights;
    }

    /**
     * {@link #weights} scaled so that the varied rows' weighted sums stay near zero: the model's output is then a
     * probability of full precision that differs from call to call, as a classifier's does.
     */
    public static Map<String, Double> variedWeights() {
        Map<String, Double> weights = weights();
        weights.replaceAll((name, w) -> w / 1000);
        return weights;
    }

    /** {@code count} rows of the typical map's values, varied as requests vary them, from {@code seed}. */
    public static Object[][] variedRows(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] plans = {"basic", "standard", "premium", "enterprise"};
        Object[][] rows = new Object[count][];
        for (int i = 0; i < count; i++) {
            int tenure = r.nextInt(0, 73);
            double monthly = cents(18.25 + r.nextDouble() * 100.5);
            rows[i] = new Object[] {r.nextInt(18, 91), tenure, monthly, Math.round(monthly * tenure * 10) / 10.0,
                r.nextInt(1, 7), r.nextInt(0, 10), r.nextInt(0, 6), r.nextInt(0, 61), r.nextInt(0, 31),
                Math.round(r.nextDouble() * 600) / 10.0, cents(r.nextDouble() * 0.5), new int[] {1, 12, 24}[r.nextInt(3)],
                r.nextInt(300, 851), Math.round(r.nextDouble() * 2500) / 10.0, r.nextInt(0, 6), r.nextInt(1, 9),
                plans[r.nextInt(plans.length)]};
        }
        return rows;
    }

    /**
     * Puts row {@code i % rows.length} of {@link #variedRows} into {@code into} (the typical map's keys), with
     * {@code days_since_upgrade} {@code i % 100_000}: no two inputs of 100,000 consecutive calls alike.
     */
    public static void fill(Map<String, Object> into, Object[][] rows, int i) {
        Object[] row = rows[i % rows.length];
        for (int k = 0; k < VARIED_KEYS.length; k++) {
            into.put(VARIED_KEYS[k], row[k]);
        }
        into.put("days_since_upgrade", i % 100_000);
    }

    private static final String[] VARIED_KEYS = {"age", "tenure_months", "monthly_charges", "total_charges",
        "num_products", "support_calls", "late_payments", "logins_30d", "sessions_7d", "avg_session_min",
        "discount_pct", "contract_months", "credit_score", "income_k", "dependents", "devices", "plan"};

    private static double cents(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
