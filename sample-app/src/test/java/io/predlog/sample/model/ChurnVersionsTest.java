package io.predlog.sample.model;

import io.predlog.sample.workload.InputGenerator;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped churn versions, and the demo's new-version incident: v4 requires the plan v1 and v2 let go. */
class ChurnVersionsTest {
    private final ModelRegistry registry = new ModelRegistry();
    private final TabularModel v1 = (TabularModel) registry.load("churn", "v1");
    private final TabularModel v2 = (TabularModel) registry.load("churn", "v2");
    private final TabularModel v4 = (TabularModel) registry.load("churn", "v4");

    @Test
    void v1AndV2TakeACustomerWithoutAPlanAndV4RefusesIt() {
        Map<String, Object> customer = new InputGenerator(5).customerWithoutPlan();

        assertTrue(v1.predict(customer).probability() > 0);
        assertTrue(v2.predict(customer).probability() > 0);
        MissingFeatureException e = assertThrows(MissingFeatureException.class, () -> v4.predict(customer));
        assertEquals("missing feature 'plan'", e.getMessage());
    }

    @Test
    void v4FailsWhereV1SucceedsExactlyOnTheInputsMissingAPlan() {
        InputGenerator gen = new InputGenerator(11);
        int withoutPlan = 0;
        for (int i = 0; i < 600; i++) {
            Map<String, Object> input = switch (i % 3) {
                case 0 -> gen.customer();
                case 1 -> gen.customerWithoutPlan();
                default -> gen.customerMissingFeature(); // any one feature, plan now and then
            };
            boolean planAbsent = !input.containsKey("plan");
            withoutPlan += planAbsent ? 1 : 0;

            assertEquals(planAbsent, succeeds(v1, input) && !succeeds(v4, input), "input " + i + ": " + input);
        }
        assertTrue(withoutPlan > 200, "inputs without a plan: " + withoutPlan);
    }

    @Test
    void v4ScoresEveryCompleteCustomer() {
        InputGenerator gen = new InputGenerator(13);
        for (int i = 0; i < 300; i++) {
            double p = v4.predict(gen.customer()).probability();
            assertTrue(p > 0 && p < 1, "probability " + p);
        }
    }

    @Test
    void onlyV1AndV2DeclarePlanOptional() {
        assertEquals(Set.of("plan"), v1.optionalFeatures());
        assertEquals(Set.of("plan"), v2.optionalFeatures());
        assertTrue(v4.optionalFeatures().isEmpty());
    }

    private static boolean succeeds(TabularModel model, Map<String, Object> input) {
        try {
            model.predict(input);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }
}
