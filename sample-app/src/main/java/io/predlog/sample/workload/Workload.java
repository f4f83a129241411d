package io.predlog.sample.workload;

import io.predlog.sample.json.Json;
import io.predlog.sample.service.Prediction;
import io.predlog.sample.service.PredictionService;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A fixed, seeded in-process workload: {@code n} predictions through the worker pool, mostly valid,
 * some invalid, with a switch of {@code churn} and {@code embed-sim} to v2 halfway. Emits one line per
 * prediction; the lines depend only on {@code n} and the seed, so runs with and without an agent can
 * be compared line by line.
 */
public final class Workload {
    private Workload() {
    }

    /**
     * Runs the workload against a service whose {@code churn} and {@code embed-sim} models are loaded.
     *
     * @param out receives one line per prediction, in order
     */
    public static void run(PredictionService service, int n, long seed, Consumer<String> out)
            throws InterruptedException {
        InputGenerator gen = new InputGenerator(seed);
        List<Map<String, Object>> seen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i == n / 2) {
                service.load("churn", "v2");
                service.load("embed-sim", "v2");
            }
            double pick = gen.random().nextDouble();
            String model;
            Object input;
            if (pick < 0.40) {
                model = "churn";
                Map<String, Object> customer = gen.customer();
                seen.add(customer);
                input = customer;
            } else if (pick < 0.50 && !seen.isEmpty()) {
                model = "churn"; // a returning customer: the same input again
                input = seen.get(gen.random().nextInt(seen.size()));
            } else if (pick < 0.85) {
                model = "embed-sim";
                input = gen.vector();
            } else if (pick < 0.92) {
                model = "churn";
                input = gen.customerMissingFeature();
            } else {
                model = "embed-sim";
                input = gen.vector(InputGenerator.VECTOR_DIM / 2);
            }
            out.accept(String.format("%04d %s", i, answer(service, model, input)));
        }
    }

    /** Runs the workload and collects its lines. */
    public static List<String> lines(PredictionService service, int n, long seed) throws InterruptedException {
        List<String> lines = new ArrayList<>(n);
        run(service, n, seed, lines::add);
        return lines;
    }

    private static String answer(PredictionService service, String model, Object input) throws InterruptedException {
        String version = service.registry().get(model).version();
        try {
            Prediction p = service.predict(model, input);
            return p.model() + " " + p.version() + " " + Json.write(p.output());
        } catch (RuntimeException | TimeoutException e) {
            return model + " " + version + " error " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
