package io.predlog.benchmarks;

import java.util.HashMap;
import java.util.Map;

/** The benchmark input: a map of 18 numeric features, as a tabular model receives it. */
final class Features {

    private Features() {
    }

    static Map<String, Object> eighteen() {
        Map<String, Object> features = new HashMap<>();
        String[] names = {"age", "tenure_months", "monthly_charges", "total_charges", "num_products",
            "support_calls", "late_payments", "logins_30d", "sessions_7d", "avg_session_min", "discount_pct",
            "contract_months", "credit_score", "income_k", "dependents", "devices", "days_since_upgrade",
            "nps"};
        for (int i = 0; i < names.length; i++) {
            features.put(names[i], 0.37 * (i + 1) + i * 1.5);
        }
        return features;
    }

    static Map<String, Double> weights() {
        Map<String, Double> weights = new HashMap<>();
        for (String name : eighteen().keySet()) {
            weights.put(name, (name.length() % 7 - 3) / 10.0);
        }
        return weights;
    }
}
