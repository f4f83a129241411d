package io.predlog.benchmarks;

import java.util.HashMap;
import java.util.Map;

/**
 * The benchmark inputs: maps of 18 features, as a tabular model receives them.
 *
 * <ul>
 *   <li>{@code full}: 18 full-precision doubles (16-17 significant digits, as a model's scaled or
 *       normalised features are), the worst case for number formatting. (Until this commit the map named so
 *       held {@code 0.37·(i+1) + 1.5·i}, of which only 3 of 18 print with more than 2 decimals.)</li>
 *   <li>{@code typical}: what a feature row usually holds: integers, doubles with a few decimals and one
 *       categorical string.</li>
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

    public static Map<String, Double> weights() {
        Map<String, Double> weights = new HashMap<>();
        for (String name : eighteen().keySet()) {
            weights.put(name, (name.length() % 7 - 3) / 10.0);
        }
        return weights;
    }
}
