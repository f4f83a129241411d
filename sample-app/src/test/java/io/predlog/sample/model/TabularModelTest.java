package io.predlog.sample.model;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TabularModelTest {
    /** Two numeric features and one categorical one, small enough to score by hand. */
    private static final String SMALL = String.join("\n",
            "kind=tabular",
            "intercept=-1.0",
            "threshold=0.5",
            "labels=churn,stay",
            "numeric=tenure,tickets",
            "numeric.tenure=10 5 -2.0",
            "numeric.tickets=0 1 0.5",
            "categorical=plan",
            "categorical.plan=basic:1.0 premium:-0.5");

    private static TabularModel small() throws IOException {
        return TabularModel.parse("toy", "v1", new StringReader(SMALL));
    }

    private static Map<String, Object> row(Object tenure, Object tickets, Object plan) {
        Map<String, Object> row = new HashMap<>();
        row.put("tenure", tenure);
        row.put("tickets", tickets);
        row.put("plan", plan);
        return row;
    }

    @Test
    void scoresStandardizedNumericAndOneHotCategoricalFeatures() throws IOException {
        // logit = -1 + (-2.0)(20-10)/5 + 0.5(2-0)/1 + 1.0 (basic) = -1 - 4 + 1 + 1 = -3
        ChurnScore score = small().predict(row(20L, 2L, "basic"));

        assertEquals(-3.0, score.logit(), 1e-12);
        assertEquals(1 / (1 + Math.exp(3)), score.probability(), 1e-12);
        assertEquals(0.04742587317756678, score.probability(), 1e-12);
        assertEquals("stay", score.label());
    }

    @Test
    void anUnseenCategoryAddsNothingAndAProbabilityAboveThresholdIsPositive() throws IOException {
        // logit = -1 + 0 + 0.5 * 4 + 0 (gold is unseen) = 1
        ChurnScore score = small().predict(row(10, 4.0, "gold"));

        assertEquals(1.0, score.logit(), 1e-12);
        assertEquals(0.7310585786300049, score.probability(), 1e-12);
        assertEquals("churn", score.label());
    }

    @Test
    void aProbabilityExactlyAtTheThresholdIsPositive() throws IOException {
        // logit = -1 + 0 + 0 + 1 = 0, probability 0.5
        ChurnScore score = small().predict(row(10, 0, "basic"));

        assertEquals(0.5, score.probability(), 0.0);
        assertEquals("churn", score.label());
    }

    @Test
    void extraFeaturesAreIgnored() throws IOException {
        Map<String, Object> row = row(20L, 2L, "basic");
        row.put("favourite_colour", "teal");
        row.put("crm_attr_0001", 42.0);

        assertEquals(-3.0, small().predict(row).logit(), 1e-12);
    }

    @Test
    void aMissingFeatureIsRejectedByName() throws IOException {
        Map<String, Object> row = row(20L, 2L, "basic");
        row.remove("tickets");

        MissingFeatureException e = assertThrows(MissingFeatureException.class, () -> small().predict(row));
        assertEquals("missing feature 'tickets'", e.getMessage());
    }

    @Test
    void aStringWhereANumberBelongsIsInvalidInput() throws IOException {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> small().predict(row("20", 2L, "basic")));
        assertEquals("feature 'tenure' must be a number", e.getMessage());
    }

    @Test
    void anOptionalCategoricalFeatureMayBeAbsentAndThenAddsNothing() throws IOException {
        TabularModel m = TabularModel.parse("toy", "v1", new StringReader(SMALL + "\noptional=plan"));
        Map<String, Object> noPlan = row(10L, 0L, "basic");
        noPlan.remove("plan");

        // logit = -1 + 0 + 0 (no plan) = -1, as for a plan the model has no weight for
        assertEquals(1 / (1 + Math.exp(1)), m.predict(noPlan).probability(), 1e-12);
        assertEquals(m.predict(row(10L, 0L, "gold")).probability(), m.predict(noPlan).probability(), 0.0);
    }

    @Test
    void onlyACategoricalFeatureCanBeOptional() {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> TabularModel.parse("toy", "v1", new StringReader(SMALL + "\noptional=tenure")));
        assertEquals("toy/v1: optional feature 'tenure' is not one of the categorical features", e.getMessage());
    }

    @Test
    void aTenureCurveAddsItsWeightedMeanToTheLogit() throws IOException {
        TabularModel m = TabularModel.parse("toy", "v1", new StringReader(SMALL + "\ntenure_curve=tenure 0.5 2.0"));

        // tenure 2: survival 1 and 0.5, mean 0.75, times 2 = 1.5; logit = -1 + 2 * (2 - 10) / 5 + 0 + 1 + 1.5
        double logit = -1 + (-2.0) * (2 - 10) / 5 + 1 + 1.5;
        assertEquals(1 / (1 + Math.exp(-logit)), m.predict(row(2L, 0L, "basic")).probability(), 1e-12);
    }

    @Test
    void aTenureCurveOverAnUnknownFeatureOrWithADecayOutsideZeroToOneFailsTheParse() {
        ModelFormatException unknown = assertThrows(ModelFormatException.class,
                () -> TabularModel.parse("toy", "v1", new StringReader(SMALL + "\ntenure_curve=months 0.5 2.0")));
        assertEquals("toy/v1: tenure_curve must be 'feature decay weight' over a numeric feature", unknown.getMessage());
        ModelFormatException decay = assertThrows(ModelFormatException.class,
                () -> TabularModel.parse("toy", "v1", new StringReader(SMALL + "\ntenure_curve=tenure 1.5 2.0")));
        assertEquals("toy/v1: tenure_curve needs a decay in (0, 1)", decay.getMessage());
    }

    @Test
    void aBrokenWeightFailsTheParseWithTheKeyNamed() {
        String broken = SMALL.replace("numeric.tickets=0 1 0.5", "numeric.tickets=0 1 O.5");

        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> TabularModel.parse("toy", "v9", new StringReader(broken)));
        assertEquals("toy/v9: numeric.tickets: not a number: 'O.5'", e.getMessage());
    }

    @Test
    void theShippedChurnModelTakesEighteenFeatures() throws IOException {
        try (Reader in = new InputStreamReader(
                getClass().getClassLoader().getResourceAsStream("models/churn/v1.properties"), StandardCharsets.UTF_8)) {
            TabularModel churn = TabularModel.parse("churn", "v1", in);

            assertEquals(18, churn.featureNames().size());
            assertEquals("plan", churn.featureNames().get(16));
            assertEquals("country", churn.featureNames().get(17));
        }
    }
}
