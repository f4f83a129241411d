package io.predlog.sample.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.predlog.sample.model.ChurnScore;
import io.predlog.sample.model.InvalidInputException;
import io.predlog.sample.model.Model;
import io.predlog.sample.model.ModelRegistry;
import io.predlog.sample.model.TabularModel;
import io.predlog.sample.model.VectorModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application layer between the API and the models: finds the active model version, turns a
 * decoded JSON input into the model's own input type, and runs the prediction on a fixed pool of
 * worker threads, waiting for it with a timeout.
 */
public final class PredictionService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PredictionService.class);
    private final ModelRegistry registry;
    private final ExecutorService workers;
    private final long timeoutMs;

    /**
     * @param registry      where models are loaded and looked up
     * @param workerThreads size of the prediction pool
     * @param timeoutMs     how long a caller waits for one prediction
     */
    public PredictionService(ModelRegistry registry, int workerThreads, long timeoutMs) {
        this.registry = registry;
        this.workers = Executors.newFixedThreadPool(workerThreads, namedThreads("predict-worker-"));
        this.timeoutMs = timeoutMs;
    }

    /**
     * Predicts with the active version of a model, on a worker thread.
     *
     * @param input for a tabular model a {@code Map} of features; for a vector model a {@code float[]},
     *              a {@code List} of numbers, or a {@code List} of such lists (a sequence of vectors)
     * @throws io.predlog.sample.model.UnknownModelException if no version of the model is loaded
     * @throws InvalidInputException                          if the model cannot score the input
     * @throws TimeoutException                               if the worker did not answer in time
     */
    public Prediction predict(String modelName, Object input) throws TimeoutException, InterruptedException {
        Model model = registry.get(modelName);
        Future<Map<String, Object>> future = workers.submit(() -> {
            Map<String, Object> result = score(model, input);
            LOG.info("scored {} {}", model.name(), model.version()); // on the worker thread
            return result;
        });
        try {
            return new Prediction(model.name(), model.version(), future.get(timeoutMs, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new TimeoutException("prediction took longer than " + timeoutMs + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Loads a model version and makes it active; runs on the calling thread. */
    public Model load(String modelName, String version) {
        return registry.load(modelName, version);
    }

    /** The registry behind this service. */
    public ModelRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Object> score(Model model, Object input) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (model instanceof TabularModel) {
            if (!(input instanceof Map)) {
                throw new InvalidInputException("input for '" + model.name() + "' must be an object of features");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> features = (Map<String, Object>) input;
            ChurnScore score = ((TabularModel) model).predict(features);
            out.put("label", score.label());
            out.put("probability", score.probability());
            return out;
        }
        if (model instanceof VectorModel) {
            VectorModel vectorModel = (VectorModel) model;
            float[] scores = vectorModel.predict(toVector(vectorModel, input));
            out.put("label", vectorModel.bestLabel(scores));
            out.put("scores", scores);
            return out;
        }
        throw new IllegalStateException("no input decoder for " + model.getClass().getName());
    }

    /**
     * A vector model's input as one array: a {@code float[]} as it is, a list of numbers, or a list of
     * lists of numbers (a sequence of vectors, each of the model's dimension), laid end to end.
     */
    private static float[] toVector(VectorModel model, Object input) {
        if (input instanceof float[]) {
            return (float[]) input;
        }
        if (!(input instanceof List)) {
            throw new InvalidInputException("input for '" + model.name() + "' must be an array of numbers");
        }
        List<?> list = (List<?>) input;
        if (!list.isEmpty() && list.get(0) instanceof List) {
            float[] sequence = new float[list.size() * model.dim()];
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                if (!(item instanceof List) || ((List<?>) item).size() != model.dim()) {
                    throw new InvalidInputException("input[" + i + "] must be an array of " + model.dim() + " numbers");
                }
                copyNumbers((List<?>) item, sequence, i * model.dim(), "input[" + i + "]");
            }
            return sequence;
        }
        float[] vector = new float[list.size()];
        copyNumbers(list, vector, 0, "input");
        return vector;
    }

    private static void copyNumbers(List<?> numbers, float[] into, int offset, String what) {
        for (int j = 0; j < numbers.size(); j++) {
            Object item = numbers.get(j);
            if (!(item instanceof Number)) {
                throw new InvalidInputException(what + "[" + j + "] must be a number");
            }
            into[offset + j] = ((Number) item).floatValue();
        }
    }

    private static ThreadFactory namedThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
