package io.predlog.cli.report;

import java.util.List;
import java.util.Optional;

import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Finds when a rate rose: the onset of failures, missing fields, values out of range, slow calls. Given the
 * calls and the "bad" calls per time bucket, every split into before and after is tested with a one-sided
 * two-proportion z-test (after higher than before); the split with the largest z is the onset if it passes
 * all of:
 *
 * <ul>
 *   <li>{@link #MIN_BAD} bad calls after the onset, and {@link #MIN_CALLS} calls on each side (minimum support:
 *       one odd call never makes a finding);
 *   <li>the rate after at least {@link #MIN_RATIO} times the rate before, and {@code minRise} above it;
 *   <li>p below {@link #ALPHA} divided by the number of splits tried (Bonferroni: trying every bucket does not
 *       make noise significant).
 * </ul>
 *
 * <p>An {@link #episode episode} is a rate that rose for a while, and may have fallen back: every run of
 * consecutive buckets that passes the same rules ({@link #MIN_CALLS} calls outside it, {@link #MIN_BAD} bad calls in
 * it, the ratio and {@code minRise}) is compared with the buckets outside it by Fisher's exact test (one-sided;
 * exact, so that a short run of few calls is judged fairly); the run with the smallest p-value is the episode if
 * that p-value is below {@link #ALPHA} divided by the number of runs tried. The run is chosen by the test that
 * decides on it: chosen by another statistic (a z-score), a run that the test would accept could lose to a
 * neighbour that the test rejects. Between runs whose p-values are equal (an episode of hundreds of bad calls and
 * none outside gives p-values too small for a double, all 0), the one with more bad calls in it wins, and of those
 * the one with the higher rate: the run that holds the bad calls, neither a part of it nor the longest run that
 * still clears the rules.
 */
public final class ChangePoint {

    /** Bad calls needed after the onset. */
    public static final long MIN_BAD = 5;
    /** Calls needed on each side. */
    public static final double MIN_CALLS = 30;
    /** How many times the rate before the rate after must be. */
    public static final double MIN_RATIO = 2;
    /** The family-wise significance level over all splits of one series. */
    public static final double ALPHA = 0.001;

    private static final NormalDistribution NORMAL = new NormalDistribution();

    /**
     * Calls and bad calls in one time bucket (weighted counts: a sampled call stands for 1 / sample_rate).
     *
     * @param start the bucket's start, epoch milliseconds
     * @param calls calls in it
     * @param bad   bad calls among them
     */
    public record Bucket(long start, double calls, double bad) {
    }

    /**
     * Where the rate rose.
     *
     * @param onset       the start of the first bucket after the split, epoch milliseconds
     * @param callsBefore calls before it
     * @param badBefore   bad calls before it
     * @param callsAfter  calls from it on
     * @param badAfter    bad calls from it on
     * @param p           the one-sided p-value of the split (before the Bonferroni correction)
     */
    public record Rise(long onset, double callsBefore, double badBefore, double callsAfter, double badAfter, double p) {

        /** The rate before the onset. */
        public double rateBefore() {
            return callsBefore == 0 ? 0 : badBefore / callsBefore;
        }

        /** The rate from the onset on. */
        public double rateAfter() {
            return callsAfter == 0 ? 0 : badAfter / callsAfter;
        }
    }

    /**
     * A run of buckets in which the rate was higher than outside it.
     *
     * @param start     the start of its first bucket, epoch milliseconds
     * @param end       the end of its last bucket (the start of the bucket after it), epoch milliseconds
     * @param last      whether it runs to the end of the series
     * @param callsIn   calls in it
     * @param badIn     bad calls in it
     * @param callsOut  calls outside it
     * @param badOut    bad calls outside it
     * @param p         the one-sided p-value of Fisher's exact test (before the Bonferroni correction)
     */
    public record Episode(long start, long end, boolean last, double callsIn, double badIn, double callsOut, double badOut,
                          double p) {

        /** The rate in the episode. */
        public double rateIn() {
            return callsIn == 0 ? 0 : badIn / callsIn;
        }

        /** The rate outside it. */
        public double rateOut() {
            return callsOut == 0 ? 0 : badOut / callsOut;
        }
    }

    private ChangePoint() {
    }

    /**
     * The episode of a significantly higher rate in {@code buckets} (in time order, each {@code width} ms wide), if
     * there is one.
     */
    public static Optional<Episode> episode(List<Bucket> buckets, long width, double minRise) {
        double totalCalls = 0;
        double totalBad = 0;
        for (Bucket b : buckets) {
            totalCalls += b.calls();
            totalBad += b.bad();
        }
        if (totalBad < MIN_BAD || buckets.size() < 2) {
            return Optional.empty();
        }
        int n = buckets.size();
        int runs = n * (n + 1) / 2;
        Episode best = null;
        for (int i = 0; i < n; i++) {
            double calls1 = 0;
            double bad1 = 0;
            for (int j = i; j < n; j++) {
                calls1 += buckets.get(j).calls();
                bad1 += buckets.get(j).bad();
                double calls0 = totalCalls - calls1;
                double bad0 = totalBad - bad1;
                if (calls0 < MIN_CALLS || bad1 < MIN_BAD) {
                    continue;
                }
                double rate0 = bad0 / calls0;
                double rate1 = bad1 / calls1;
                if (rate1 < MIN_RATIO * rate0 || rate1 - rate0 < minRise) {
                    continue;
                }
                double p = fisherAbove(bad0, calls0, bad1, calls1);
                if (best == null || p < best.p() || (p == best.p() && (bad1 > best.badIn()
                        || (bad1 == best.badIn() && rate1 > best.rateIn())))) {
                    long end = j + 1 < n ? buckets.get(j + 1).start() : buckets.get(j).start() + width;
                    best = new Episode(buckets.get(i).start(), end, j == n - 1, calls1, bad1, calls0, bad0, p);
                }
            }
        }
        if (best == null || !(best.p() < ALPHA / runs)) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    /**
     * One-sided p-value of Fisher's exact test that the second rate is above the first: the chance that {@code calls1}
     * calls drawn from all of them hold {@code bad1} bad ones or more (weighted counts rounded).
     */
    public static double fisherAbove(double bad0, double calls0, double bad1, double calls1) {
        int population = (int) Math.min(Integer.MAX_VALUE, Math.round(calls0 + calls1));
        int bad = (int) Math.min(population, Math.round(bad0 + bad1));
        int sample = (int) Math.min(population, Math.round(calls1));
        int observed = (int) Math.round(bad1);
        return new HypergeometricDistribution(null, population, bad, sample).upperCumulativeProbability(observed);
    }

    /** The onset of a significant rise in {@code buckets} (in time order), if there is one. */
    public static Optional<Rise> rise(List<Bucket> buckets, double minRise) {
        double totalCalls = 0;
        double totalBad = 0;
        for (Bucket b : buckets) {
            totalCalls += b.calls();
            totalBad += b.bad();
        }
        if (totalBad < MIN_BAD || buckets.size() < 2) {
            return Optional.empty();
        }
        double calls0 = 0;
        double bad0 = 0;
        Rise best = null;
        double bestZ = Double.NEGATIVE_INFINITY;
        int splits = buckets.size() - 1;
        for (int i = 1; i < buckets.size(); i++) {
            calls0 += buckets.get(i - 1).calls();
            bad0 += buckets.get(i - 1).bad();
            double calls1 = totalCalls - calls0;
            double bad1 = totalBad - bad0;
            if (calls0 < MIN_CALLS || calls1 < MIN_CALLS || bad1 < MIN_BAD) {
                continue;
            }
            double z = z(bad0, calls0, bad1, calls1);
            if (z > bestZ) {
                bestZ = z;
                best = new Rise(buckets.get(i).start(), calls0, bad0, calls1, bad1, 1 - NORMAL.cumulativeProbability(z));
            }
        }
        if (best == null || !passes(best.badBefore(), best.callsBefore(), best.badAfter(), best.callsAfter(), minRise,
                ALPHA / splits)) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    /**
     * Whether {@code bad1 / calls1} is significantly (one-sided, level {@code alpha}) and materially (the ratio and
     * {@code minRise}) above {@code bad0 / calls0}, with the minimum support.
     */
    public static boolean passes(double bad0, double calls0, double bad1, double calls1, double minRise, double alpha) {
        if (calls0 < MIN_CALLS || calls1 < MIN_CALLS || bad1 < MIN_BAD) {
            return false;
        }
        double rate0 = bad0 / calls0;
        double rate1 = bad1 / calls1;
        if (rate1 < MIN_RATIO * rate0 || rate1 - rate0 < minRise) {
            return false;
        }
        return pAbove(bad0, calls0, bad1, calls1) < alpha;
    }

    /** One-sided p-value that the second rate is above the first (two-proportion z-test, pooled). */
    public static double pAbove(double bad0, double calls0, double bad1, double calls1) {
        return 1 - NORMAL.cumulativeProbability(z(bad0, calls0, bad1, calls1));
    }

    private static double z(double bad0, double calls0, double bad1, double calls1) {
        double pooled = (bad0 + bad1) / (calls0 + calls1);
        double se = Math.sqrt(pooled * (1 - pooled) * (1 / calls0 + 1 / calls1));
        if (se == 0) {
            return 0;
        }
        return (bad1 / calls1 - bad0 / calls0) / se;
    }
}
