package io.predlog.agent.instrument;

import io.predlog.agent.config.MethodPattern;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UnmatchedTargetTest {

    public interface Scorer {
        double score(double[] x);
    }

    public static class ChurnModel {
        public double predict(double[] x) {
            return x.length;
        }

        public double predictProba(Map<String, Double> row) {
            return row.size();
        }
    }

    private static final Class<?>[] LOADED = {Scorer.class, ChurnModel.class, String.class};
    private static final String PREFIX = UnmatchedTargetTest.class.getName() + "$";

    private static String explain(String pattern) {
        return UnmatchedTarget.explain(MethodPattern.parse(pattern), LOADED);
    }

    @Test
    void aMisspelledClassIsNeverLoadedAndTheNearestLoadedNameIsSuggested() {
        assertEquals("class " + PREFIX + "ChrunModel was never loaded; did you mean " + PREFIX + "ChurnModel?",
                explain(PREFIX + "ChrunModel#predict"));
    }

    @Test
    void aMisspelledMethodListsTheClasssNearestMethods() {
        assertEquals("class " + PREFIX + "ChurnModel is loaded but has no method predcit; its nearest methods: "
                + "predict", explain(PREFIX + "ChurnModel#predcit"));
    }

    @Test
    void theWrongParameterTypesListTheSignaturesThatExist() {
        assertEquals("class " + PREFIX + "ChurnModel has predict(double[]) but none with parameters (float[])",
                explain(PREFIX + "ChurnModel#predict(float[])"));
    }

    @Test
    void anInterfaceWithoutLoadedImplementationsSaysSo() {
        assertEquals("class " + PREFIX + "Scorer declares score only as abstract, and no class implementing it has"
                + " been loaded", explain(PREFIX + "Scorer#score"));
    }

    @Test
    void aWildcardThatMatchesNoLoadedClassSaysSo() {
        assertEquals("no loaded class matches com.acme.*Model (a class that is never loaded is never matched)",
                explain("com.acme.*Model#predict"));
    }
}
