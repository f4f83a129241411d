package com.acme.scoring;

import java.util.LinkedHashMap;
import java.util.Map;

/** Scores three feature maps with a model that lives in this named module, and prints what it scored. */
public final class ScoringMain {

    /** The model: package-private state, a public predict. */
    public static final class Model {
        private final double bias = 0.25;

        public double predict(Map<String, Object> features) {
            double score = bias;
            for (Object v : features.values()) {
                if (v instanceof Number n) {
                    score += n.doubleValue() / 100;
                }
            }
            return score;
        }
    }

    public static void main(String[] args) {
        Model model = new Model();
        System.out.println("module " + ScoringMain.class.getModule().getName() + " named "
                + ScoringMain.class.getModule().isNamed());
        for (int i = 0; i < 3; i++) {
            Map<String, Object> features = new LinkedHashMap<>();
            features.put("amount", 10.0 * i);
            features.put("age", 30 + i);
            System.out.println("score " + model.predict(features));
        }
    }
}
