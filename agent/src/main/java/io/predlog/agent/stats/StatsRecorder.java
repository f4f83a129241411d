package io.predlog.agent.stats;

import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.CapturedOutput;
import io.predlog.agent.capture.Features;
import io.predlog.agent.diagnostics.Diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The application thread's side of the statistics: takes every predict call, sampled or not, finds its
 * target × model × version, and hands the call to the statistics thread through a bounded queue. Never blocks and
 * never throws: a full queue makes the call counted, with its latency, input size and error type, but not observed
 * (its features and novelty are not taken), and the {@link StatsListener} is told of it here, on the caller's
 * thread, so that the listener sees every call; a model past {@code predlog.stats.max_models} makes it counted
 * as untracked.
 *
 * <p>Per call: one map lookup by target name, a scan of that target's few models comparing ids, and a lock-free
 * offer into a reused slot of {@link ObservationRing}: nothing allocated. The call's {@link Features} are lent by the
 * capture: released once folded, or at once when the call is not queued.
 */
public final class StatsRecorder implements StatsHealth {

    private final StatsSettings settings;
    private final StatsListener listener;
    private final ObservationRing queue;
    private final ConcurrentHashMap<String, ModelCell[]> byTarget = new ConcurrentHashMap<>();
    /** Every cell, in creation order; guarded by itself, copied by the statistics thread. */
    private final List<ModelCell> cells = new ArrayList<>();
    private final LongAdder untracked = new LongAdder();
    private final LongAdder observationsDropped = new LongAdder();
    private volatile boolean warnedUntracked;

    public StatsRecorder(StatsSettings settings, StatsListener listener) {
        this.settings = settings;
        this.listener = listener;
        this.queue = ObservationRing.holding(settings.queueCapacity());
    }

    /**
     * One predict call that finished. Never throws; never blocks.
     *
     * @param errorType  the exception's class name, or null on success
     * @param input      the captured input (hash, size, features), or null when capture failed
     * @param seenBefore novelty's answer for this input, or null when unknown
     */
    public void prediction(String target, String modelId, String modelVersion, long latencyNanos, String errorType,
                           CapturedInput input, Boolean seenBefore) {
        prediction(target, modelId, modelVersion, latencyNanos, errorType, input, null, seenBefore);
    }

    /**
     * One predict call that finished, with its output. Never throws; never blocks.
     *
     * @param errorType  the exception's class name, or null on success
     * @param input      the captured input (hash, size, features), or null when capture failed
     * @param output     the captured output (its features), or null on failure or when it was not captured
     * @param seenBefore novelty's answer for this input, or null when unknown
     */
    public void prediction(String target, String modelId, String modelVersion, long latencyNanos, String errorType,
                           CapturedInput input, CapturedOutput output, Boolean seenBefore) {
        Features features = input == null || input.features() == null ? Features.NONE : input.features();
        Features outputFeatures = output == null || output.features() == null ? Features.NONE : output.features();
        boolean queued = false;
        try {
            ModelCell cell = cell(target, modelId, modelVersion);
            if (cell == null) {
                untracked.increment();
                return;
            }
            long inputSize = input == null || !input.hashed() ? -1 : input.hashSize();
            queued = queue.offer(cell, latencyNanos, errorType, inputSize,
                    seenBefore == null ? (byte) -1 : seenBefore ? (byte) 1 : (byte) 0, features, outputFeatures);
            if (!queued) {
                observationsDropped.increment();
                long latency = Math.max(0, latencyNanos); // as the statistics thread takes a queued call's
                cell.drop(latency, inputSize, errorType, settings.maxCategories());
                listener.prediction(cell.key, errorType == null, latency / 1e9, inputSize);
            }
        } catch (Throwable t) {
            Diagnostics.failure("stats.prediction", t);
        } finally {
            if (!queued) { // else the statistics thread releases them once folded
                features.release();
                outputFeatures.release();
            }
        }
    }

    /** One model load that finished. Never throws. */
    public void load(String target, String modelId, String modelVersion, long durationNanos, boolean success) {
        try {
            listener.load(target, modelId, modelVersion, success, durationNanos / 1e9);
        } catch (Throwable t) {
            Diagnostics.failure("stats.load", t);
        }
    }

    /** Calls whose model had no statistics because {@code predlog.stats.max_models} was reached. */
    @Override
    public long untrackedCalls() {
        return untracked.sum();
    }

    /** Calls counted but not observed because the statistics queue was full, since start. */
    @Override
    public long observationsDropped() {
        return observationsDropped.sum();
    }

    StatsSettings settings() {
        return settings;
    }

    StatsListener listener() {
        return listener;
    }

    /** The next waiting call, or null; hand it back with {@link #release} once folded. Statistics thread. */
    Observation peek() {
        return queue.peek();
    }

    /** Frees the slot of the call {@link #peek} returned. Statistics thread. */
    void release() {
        queue.release();
    }

    /** Sleeps at most {@code maxNanos}, or until a few hundred calls have been offered. Statistics thread. */
    void awaitCalls(long maxNanos) {
        queue.await(maxNanos);
    }

    /** Sleeps at most {@code maxNanos}, or until the next call is offered. Statistics thread. */
    void awaitFirstCall(long maxNanos) {
        queue.awaitFirst(maxNanos);
    }

    /** Every cell so far. Statistics thread. */
    List<ModelCell> cells() {
        synchronized (cells) {
            return new ArrayList<>(cells);
        }
    }

    private ModelCell cell(String target, String modelId, String modelVersion) {
        ModelCell found = find(byTarget.get(target), modelId, modelVersion);
        return found != null ? found : create(target, modelId, modelVersion);
    }

    /** The cell among {@code known} (one target's, or null) for this model and version, or null. */
    private static ModelCell find(ModelCell[] known, String modelId, String modelVersion) {
        if (known != null) {
            for (ModelCell c : known) {
                if (c.matches(modelId, modelVersion)) {
                    return c;
                }
            }
        }
        return null;
    }

    private ModelCell create(String target, String modelId, String modelVersion) {
        synchronized (cells) {
            ModelCell[] known = byTarget.get(target);
            ModelCell raced = find(known, modelId, modelVersion); // another thread created it meanwhile
            if (raced != null) {
                return raced;
            }
            if (cells.size() >= settings.maxModels()) {
                if (!warnedUntracked) {
                    warnedUntracked = true;
                    Diagnostics.warn("statistics: predlog.stats.max_models=" + settings.maxModels() + " reached; calls"
                            + " of target '" + target + "' model '" + modelId + "' version '" + modelVersion
                            + "' (and of any further model) are counted as untracked, not stored");
                }
                return null;
            }
            ModelCell cell = new ModelCell(new StatsKey(target, modelId, modelVersion));
            ModelCell[] grown = known == null ? new ModelCell[1] : java.util.Arrays.copyOf(known, known.length + 1);
            grown[grown.length - 1] = cell;
            byTarget.put(target, grown);
            cells.add(cell);
            return cell;
        }
    }
}
