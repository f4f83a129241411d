package io.predlog.agent.stats;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampledQuantilesTest {

    /** KLL k = 200's normalised rank error (99 % confidence). */
    static final double KLL_ERROR = 0.0133;
    static final double[] RANKS = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};

    @Test
    void aWindowOfAtMostTheExactValuesGivesEveryValueToTheSketch() {
        SampledQuantiles q = new SampledQuantiles(200, 1);
        for (long i = 0; i < SampledQuantiles.EXACT_VALUES; i++) {
            q.add(i);
        }
        KllDoublesSketch s = q.sketch();
        assertEquals(SampledQuantiles.EXACT_VALUES, s.getN());
        assertEquals(SampledQuantiles.EXACT_VALUES, q.taken());
        assertEquals(0, s.getMinItem());
        assertEquals(SampledQuantiles.EXACT_VALUES - 1, s.getMaxItem());
    }

    @Test
    void quantilesOfLargeWindowsStayWithinTheDocumentedBoundsOnKnownDistributions() {
        SplittableRandom r = new SplittableRandom(3);
        Map<String, DoubleSupplier> streams = new LinkedHashMap<>();
        streams.put("uniform", r::nextDouble);
        streams.put("normal", () -> Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()));
        streams.put("exponential", () -> -Math.log(1 - r.nextDouble()));
        long[] position = {0};
        // values that rise through the window: early values over-weighted would pull every quantile down
        streams.put("rising", () -> position[0]++ + r.nextDouble());
        for (Map.Entry<String, DoubleSupplier> stream : streams.entrySet()) {
            int n = 2_000_000; // stages 1 to 6
            double[] values = new double[n];
            SampledQuantiles q = new SampledQuantiles(200, 7);
            for (int i = 0; i < n; i++) {
                values[i] = stream.getValue().getAsDouble();
                q.add(values[i]);
            }
            Arrays.sort(values);
            KllDoublesSketch s = q.sketch();
            assertEquals(n, s.getN(), n * 0.01, stream.getKey() + ": the weights add up to the values given");
            double[] estimates = s.getQuantiles(RANKS);
            for (int i = 0; i < RANKS.length; i++) {
                double trueRank = rank(values, estimates[i]);
                // three standard deviations of the sampling: sqrt(r(1−r)·8/(3T)) in random order, sqrt(8/(3T)) in any
                double spread = stream.getKey().equals("rising") ? 1 : RANKS[i] * (1 - RANKS[i]);
                double bound = KLL_ERROR + 3 * Math.sqrt(spread * 8.0 / (3 * SampledQuantiles.EXACT_VALUES));
                assertTrue(Math.abs(trueRank - RANKS[i]) <= bound, stream.getKey() + " p" + RANKS[i] + ": estimate "
                        + estimates[i] + " has rank " + trueRank + ", more than " + bound + " away");
            }
        }
    }

    @Test
    void samplingTakesAFewPercentOfALongWindowsValues() {
        SampledQuantiles q = new SampledQuantiles(200, 5);
        long n = 64 * SampledQuantiles.EXACT_VALUES;
        for (long i = 0; i < n; i++) {
            q.add(i % 1000);
        }
        // the first T all, then about T/2 per stage (6 stages): about 4 T of 64 T
        assertEquals(n, q.values());
        assertEquals(4.0 * SampledQuantiles.EXACT_VALUES, q.taken(), 0.05 * 4 * SampledQuantiles.EXACT_VALUES);
        assertEquals(n, q.sketch().getN(), n * 0.01);
    }

    @Test
    void countMinMaxAndMeanStayExactPastTheSampledValues() {
        NumericStats stats = new NumericStats();
        long n = 3 * SampledQuantiles.EXACT_VALUES + 17;
        double sum = 0;
        for (long i = 0; i < n; i++) {
            stats.add(i);
            sum += i;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        stats.describe(m);
        assertEquals(n, stats.count());
        assertEquals(0.0, m.get("min"));
        assertEquals((double) (n - 1), m.get("max"));
        assertEquals(sum / n, (double) m.get("mean"), 1e-9);
    }

    @Test
    void resetStartsTheWindowWithEveryValueGivenAgain() {
        SampledQuantiles q = new SampledQuantiles(200, 9);
        for (long i = 0; i < 3 * SampledQuantiles.EXACT_VALUES; i++) {
            q.add(i);
        }
        q.reset();
        for (int i = 0; i < 1000; i++) {
            q.add(-i);
        }
        assertEquals(1000, q.sketch().getN());
        assertEquals(-999, q.sketch().getMinItem());
        assertEquals(0, q.sketch().getMaxItem());
    }

    /** The fraction of {@code sorted} at or below {@code v}. */
    private static double rank(double[] sorted, double v) {
        int i = Arrays.binarySearch(sorted, v);
        int at = i >= 0 ? i + 1 : -i - 1;
        while (i >= 0 && at < sorted.length && sorted[at] == v) {
            at++;
        }
        return (double) at / sorted.length;
    }
}
