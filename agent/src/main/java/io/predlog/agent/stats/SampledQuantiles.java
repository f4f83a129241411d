package io.predlog.agent.stats;

import org.apache.datasketches.kll.KllDoublesSketch;

import java.util.SplittableRandom;

/**
 * A numeric feature's quantile sketch (DataSketches KLL) over a window, fed every value up to
 * {@value #EXACT_VALUES} and a thinning Bernoulli sample beyond: stage {@code s} (values {@code T·2^(s−1)} to
 * {@code T·2^s}, {@code T} = {@value #EXACT_VALUES}) is taken with probability {@code 2^−s} and counts with weight
 * {@code 2^s}. A KLL update costs ~35 ns; past {@code T} a value that is not taken costs a counter decrement, so a
 * feature of a busy model costs a few nanoseconds per value instead of the sketch's update.
 *
 * <p>Error (docs/STATISTICS.md): the weighted sample's estimate of a value's normalised rank {@code r} is unbiased,
 * with a variance of {@code Σ (w_i − 1)(1[x_i ≤ x] − r)² / n²}. The weights' part, summed over the stages
 * ({@code T·2^(s−1)} values of weight {@code 2^s}) and divided by {@code n² ≥ T²·4^(S−1)}, is below {@code 8/(3T)}.
 * So the standard deviation is at most {@code sqrt(r(1−r)·8/(3T))} for values in random order (0.45 % at the median
 * for {@code T} = 2^15) and {@code sqrt(8/(3T))} (0.9 %) in any order, on top of the KLL sketch's own ≈ 1.3 % (99 %
 * confidence). A window of at most {@code T} values has no sampling error. {@code SampledQuantilesTest} holds both
 * bounds to known distributions.
 *
 * <p>How the weights reach the sketch: the values of the current stage go into a second sketch, unweighted; when the
 * stage ends, or before the sketch is read, that sketch is merged into the main one with weight {@code 2^s}, at most
 * {@code log2(n/T)} times a window. Statistics thread only.
 */
final class SampledQuantiles {

    /** Values of a window that all enter the sketch. */
    static final long EXACT_VALUES = 1 << 15;

    private final int k;
    private final KllDoublesSketch sketch;
    /** The current stage's values taken, unweighted; null until the first stage. */
    private KllDoublesSketch stage;
    private final SplittableRandom random;
    private long values;
    /** Values that reached a sketch. */
    private long taken;
    /** The current stage: values past {@link #stageEnd} start the next one. */
    private int stageNumber;
    private long stageEnd = EXACT_VALUES;
    /** Values still to pass over before the next one is taken (the taken one included). */
    private long skip;

    /** @param seed the sampling's random seed (a fixed one keeps runs reproducible) */
    SampledQuantiles(int k, long seed) {
        this.k = k;
        this.sketch = KllDoublesSketch.newHeapInstance(k);
        this.random = new SplittableRandom(seed);
    }

    /** One finite value. */
    void add(double v) {
        long n = ++values;
        if (n <= EXACT_VALUES) {
            sketch.update(v);
            taken++;
            return;
        }
        if (n > stageEnd) {
            nextStage();
        }
        if (--skip == 0) {
            stage.update(v);
            taken++;
            skip = gap();
        }
    }

    private void nextStage() {
        foldStage();
        stageNumber++;
        stageEnd *= 2;
        if (stage == null) {
            stage = KllDoublesSketch.newHeapInstance(k);
        }
        skip = gap(); // values are memoryless: a new rate may start with a new draw
    }

    /** Values up to and including the next one taken at this stage's rate {@code 2^−s}: geometric, at least 1. */
    private long gap() {
        double u = 1 - random.nextDouble(); // (0, 1]
        return 1 + (long) Math.floor(Math.log(u) / Math.log1p(-Math.scalb(1.0, -stageNumber)));
    }

    /**
     * Adds the current stage's values to the main sketch, each weighted {@code 2^s}, and empties the stage. The
     * weight comes from merging: a sketch merged twice into an empty one counts its items twice, so {@code s}
     * doublings weigh them {@code 2^s} ({@code 2s} merges of a few hundred items). DataSketches' weighted update
     * would cost as much as the values it stands for.
     */
    private void foldStage() {
        if (stage == null || stage.isEmpty()) {
            return;
        }
        KllDoublesSketch weighted = stage;
        for (int i = 0; i < stageNumber; i++) {
            KllDoublesSketch doubled = KllDoublesSketch.newHeapInstance(k);
            doubled.merge(weighted);
            doubled.merge(weighted);
            weighted = doubled;
        }
        sketch.merge(weighted);
        stage.reset();
    }

    /** The window's sketch, with the current stage's values folded in. Keep it only until the next {@link #add}. */
    KllDoublesSketch sketch() {
        foldStage();
        return sketch;
    }

    /** Values given since the last reset. */
    long values() {
        return values;
    }

    /** Values given since the last reset that reached a sketch. */
    long taken() {
        return taken;
    }

    /** Forgets the values, keeping the sketches' memory. */
    void reset() {
        sketch.reset();
        if (stage != null) {
            stage.reset();
        }
        values = 0;
        taken = 0;
        stageNumber = 0;
        stageEnd = EXACT_VALUES;
        skip = 0;
    }
}
