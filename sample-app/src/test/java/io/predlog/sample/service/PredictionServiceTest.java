package io.predlog.sample.service;

import io.predlog.sample.model.InvalidInputException;
import io.predlog.sample.model.ModelRegistry;
import io.predlog.sample.workload.InputGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PredictionServiceTest {

    private static PredictionService service(int workers, long timeoutMs) {
        ModelRegistry registry = new ModelRegistry();
        registry.load("churn", "v4");
        registry.load("embed-sim", "v1");
        return new PredictionService(registry, workers, timeoutMs);
    }

    @Test
    void aListOfVectorsIsScoredAsOneSequence() throws Exception {
        InputGenerator gen = new InputGenerator(2);
        float[] a = gen.vector();
        float[] b = gen.vector();
        try (PredictionService service = service(1, 5_000)) {
            Prediction nested = service.predict("embed-sim", List.of(toList(a), toList(b)));
            float[] flat = new float[128];
            System.arraycopy(a, 0, flat, 0, 64);
            System.arraycopy(b, 0, flat, 64, 64);

            assertArrayEquals((float[]) service.predict("embed-sim", flat).output().get("scores"),
                    (float[]) nested.output().get("scores"));
        }
    }

    @Test
    void aSequenceItemOfAnotherLengthIsInvalidInputNamingIt() throws Exception {
        try (PredictionService service = service(1, 5_000)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> service.predict("embed-sim", List.of(toList(new float[64]), List.of(1.0, 2.0))));
            assertEquals("input[1] must be an array of 64 numbers", e.getMessage());
        }
    }

    /**
     * The demo's wedge: after one blank country, each churn call holds a worker forever; once every worker
     * holds one, requests keep arriving and none completes, for any model.
     */
    @Test
    void afterABlankCountryNoPredictionCompletesWhileRequestsKeepArriving() throws Exception {
        InputGenerator gen = new InputGenerator(6);
        PredictionService service = service(2, 300);
        service.predict("churn", gen.customer()); // a healthy pool first
        Map<String, Object> blank = gen.customer();
        blank.put("country", "");
        assertThrows(InvalidInputException.class, () -> service.predict("churn", blank));

        for (int worker = 0; worker < 2; worker++) {
            assertThrows(TimeoutException.class, () -> service.predict("churn", gen.customer()));
        }

        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 6; i++) { // churn, embed-sim, churn, ... over about two seconds
            try {
                Prediction p = i % 2 == 0 ? service.predict("churn", gen.customer()) : service.predict("embed-sim", gen.vector());
                outcomes.add("completed " + p.model());
            } catch (TimeoutException e) {
                outcomes.add("timeout");
            }
        }

        assertEquals(List.of("timeout", "timeout", "timeout", "timeout", "timeout", "timeout"), outcomes);
        // the worker threads stay blocked; they are daemons, and the service is left unclosed on purpose
    }

    private static List<Double> toList(float[] v) {
        List<Double> out = new ArrayList<>();
        for (float x : v) {
            out.add((double) x);
        }
        return out;
    }
}
