package io.predlog.sample.model;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A logistic regression over named features: standardized numeric features with one weight each,
 * and categorical features with one weight per level (one-hot; an unseen level adds nothing).
 *
 * <p>Built from a properties file by {@link #parse}; see {@code models/churn/v1.properties} for the
 * format. Instances are immutable and safe to share between threads.
 */
public final class TabularModel implements Model {
    private final String name;
    private final String version;
    private final double intercept;
    private final double threshold;
    private final String positiveLabel;
    private final String negativeLabel;
    private final String[] numericNames;
    private final double[] means;
    private final double[] stds;
    private final double[] weights;
    private final String[] categoricalNames;
    private final List<Map<String, Double>> levelWeights;
    private final Set<String> optional;
    private final TenureCurve tenureCurve;
    private final LevelCounts levelCounts = new LevelCounts();

    private TabularModel(String name, String version, double intercept, double threshold,
                         String positiveLabel, String negativeLabel, String[] numericNames,
                         double[] means, double[] stds, double[] weights,
                         String[] categoricalNames, List<Map<String, Double>> levelWeights,
                         Set<String> optional, TenureCurve tenureCurve) {
        this.name = name;
        this.version = version;
        this.intercept = intercept;
        this.threshold = threshold;
        this.positiveLabel = positiveLabel;
        this.negativeLabel = negativeLabel;
        this.numericNames = numericNames;
        this.means = means;
        this.stds = stds;
        this.weights = weights;
        this.categoricalNames = categoricalNames;
        this.levelWeights = levelWeights;
        this.optional = optional;
        this.tenureCurve = tenureCurve;
    }

    /**
     * Reads a model from its properties text.
     *
     * @throws ModelFormatException if a key is missing or a number does not parse
     * @throws IOException          if the reader fails
     */
    public static TabularModel parse(String name, String version, Reader in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        if (!"tabular".equals(p.getProperty("kind"))) {
            throw new ModelFormatException(name + "/" + version + ": kind must be 'tabular'");
        }
        double intercept = number(p, "intercept", name, version);
        double threshold = number(p, "threshold", name, version);
        String[] labels = required(p, "labels", name, version).split(",");
        if (labels.length != 2) {
            throw new ModelFormatException(name + "/" + version + ": labels must be 'positive,negative'");
        }

        String[] numeric = list(p.getProperty("numeric", ""));
        double[] means = new double[numeric.length];
        double[] stds = new double[numeric.length];
        double[] weights = new double[numeric.length];
        for (int i = 0; i < numeric.length; i++) {
            String key = "numeric." + numeric[i];
            String[] parts = required(p, key, name, version).trim().split("\\s+");
            if (parts.length != 3) {
                throw new ModelFormatException(name + "/" + version + ": " + key + " must be 'mean std weight'");
            }
            means[i] = parseNumber(parts[0], key, name, version);
            stds[i] = parseNumber(parts[1], key, name, version);
            weights[i] = parseNumber(parts[2], key, name, version);
            if (!(stds[i] > 0)) {
                throw new ModelFormatException(name + "/" + version + ": " + key + " needs a positive std");
            }
        }

        String[] categorical = list(p.getProperty("categorical", ""));
        List<Map<String, Double>> levels = new ArrayList<>(categorical.length);
        for (String feature : categorical) {
            String key = "categorical." + feature;
            Map<String, Double> byLevel = new LinkedHashMap<>();
            for (String entry : required(p, key, name, version).trim().split("\\s+")) {
                int colon = entry.lastIndexOf(':');
                if (colon <= 0) {
                    throw new ModelFormatException(name + "/" + version + ": " + key + " needs 'level:weight' entries");
                }
                byLevel.put(entry.substring(0, colon), parseNumber(entry.substring(colon + 1), key, name, version));
            }
            levels.add(Collections.unmodifiableMap(byLevel));
        }
        Set<String> optional = new LinkedHashSet<>(List.of(list(p.getProperty("optional", ""))));
        for (String feature : optional) {
            if (!List.of(categorical).contains(feature)) {
                throw new ModelFormatException(name + "/" + version + ": optional feature '" + feature
                        + "' is not one of the categorical features");
            }
        }
        TenureCurve curve = null;
        String curveSpec = p.getProperty("tenure_curve");
        if (curveSpec != null && !curveSpec.isBlank()) {
            String[] parts = curveSpec.trim().split("\\s+");
            if (parts.length != 3 || !List.of(numeric).contains(parts[0])) {
                throw new ModelFormatException(name + "/" + version
                        + ": tenure_curve must be 'feature decay weight' over a numeric feature");
            }
            double decay = parseNumber(parts[1], "tenure_curve", name, version);
            if (!(decay > 0 && decay < 1)) {
                throw new ModelFormatException(name + "/" + version + ": tenure_curve needs a decay in (0, 1)");
            }
            curve = new TenureCurve(parts[0], decay, parseNumber(parts[2], "tenure_curve", name, version));
        }
        return new TabularModel(name, version, intercept, threshold, labels[0].trim(), labels[1].trim(),
                numeric, means, stds, weights, categorical, Collections.unmodifiableList(levels),
                Collections.unmodifiableSet(optional), curve);
    }

    /**
     * Scores one row of named features. Extra features are ignored.
     *
     * @throws MissingFeatureException if a feature the model needs (all but the optional ones) is absent or null
     * @throws InvalidInputException   if a numeric feature is not a finite number, or a categorical
     *                                 one is not a string
     */
    public ChurnScore predict(Map<String, Object> features) {
        if (features == null) {
            throw new InvalidInputException("features must not be null");
        }
        double logit = intercept;
        for (int i = 0; i < numericNames.length; i++) {
            Object value = features.get(numericNames[i]);
            if (value == null) {
                throw new MissingFeatureException("missing feature '" + numericNames[i] + "'");
            }
            if (!(value instanceof Number)) {
                throw new InvalidInputException("feature '" + numericNames[i] + "' must be a number");
            }
            double x = ((Number) value).doubleValue();
            if (!Double.isFinite(x)) {
                throw new InvalidInputException("feature '" + numericNames[i] + "' must be finite");
            }
            logit += weights[i] * (x - means[i]) / stds[i];
        }
        for (int i = 0; i < categoricalNames.length; i++) {
            Object value = features.get(categoricalNames[i]);
            if (value == null) {
                if (optional.contains(categoricalNames[i])) {
                    continue;
                }
                throw new MissingFeatureException("missing feature '" + categoricalNames[i] + "'");
            }
            if (!(value instanceof String)) {
                throw new InvalidInputException("feature '" + categoricalNames[i] + "' must be a string");
            }
            levelCounts.count(categoricalNames[i], (String) value);
            Double w = levelWeights.get(i).get(value);
            if (w != null) {
                logit += w;
            }
        }
        if (tenureCurve != null) {
            logit += tenureCurve.contribution(((Number) features.get(tenureCurve.feature())).doubleValue());
        }
        double probability = 1.0 / (1.0 + Math.exp(-logit));
        return new ChurnScore(probability, probability >= threshold ? positiveLabel : negativeLabel, logit);
    }

    /** The categorical features that may be absent: an absent one adds nothing, like an unseen level. */
    public Set<String> optionalFeatures() {
        return optional;
    }

    /** How often this version was given each categorical level, by {@code feature=level}. */
    public Map<String, Long> levelCounts() {
        return levelCounts.snapshot();
    }

    /** The features the model reads, numeric first, in the file's order (some may be optional). */
    public List<String> featureNames() {
        List<String> all = new ArrayList<>(List.of(numericNames));
        all.addAll(List.of(categoricalNames));
        return Collections.unmodifiableList(all);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Kind kind() {
        return Kind.TABULAR;
    }

    @Override
    public String toString() {
        return "TabularModel[" + name + "/" + version + ", " + featureNames().size() + " features]";
    }

    private static String[] list(String csv) {
        if (csv.isBlank()) {
            return new String[0];
        }
        String[] parts = csv.split(",");
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].trim();
        }
        return parts;
    }

    private static String required(Properties p, String key, String name, String version) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new ModelFormatException(name + "/" + version + ": missing key '" + key + "'");
        }
        return value;
    }

    private static double number(Properties p, String key, String name, String version) {
        return parseNumber(required(p, key, name, version).trim(), key, name, version);
    }

    private static double parseNumber(String text, String key, String name, String version) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new ModelFormatException(name + "/" + version + ": " + key + ": not a number: '" + text + "'");
        }
    }
}
