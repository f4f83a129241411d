package io.predlog.agent.drift;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriftMetricsTest {

    private static final long HUGE = 1_000_000_000_000L; // smoothing negligible

    @Test
    void psiIsTheSumOfProportionChangeTimesLogRatio() {
        double expected = (0.25 - 0.5) * Math.log(0.25 / 0.5) + (0.75 - 0.5) * Math.log(0.75 / 0.5);
        assertEquals(expected, DriftMetrics.psi(new double[] {0.5, 0.5}, new double[] {0.25, 0.75}, HUGE, HUGE), 1e-9);
        assertEquals(0.0, DriftMetrics.psi(new double[] {0.2, 0.8}, new double[] {0.2, 0.8}, 100, 100), 1e-12);
    }

    @Test
    void psiSmoothsAnEmptyBinWithHalfAnObservation() {
        // baseline: 100 values all in bin 0; window: 100 values split evenly
        double b0 = 100.5 / 101;
        double b1 = 0.5 / 101;
        double w = 50.5 / 101;
        double expected = (w - b0) * Math.log(w / b0) + (w - b1) * Math.log(w / b1);
        assertEquals(expected, DriftMetrics.psi(new double[] {1, 0}, new double[] {0.5, 0.5}, 100, 100), 1e-12);
        assertTrue(Double.isFinite(expected));
    }

    @Test
    void jensenShannonDistanceIsZeroForEqualOneForDisjointAndHandComputableBetween() {
        assertEquals(0.0, DriftMetrics.jsDistance(new double[] {0.3, 0.7}, new double[] {0.3, 0.7}), 1e-12);
        assertEquals(1.0, DriftMetrics.jsDistance(new double[] {1, 0}, new double[] {0, 1}), 1e-12);
        // p = (½, ½), q = (1, 0), m = (¾, ¼)
        double kl1 = 0.5 * log2(0.5 / 0.75) + 0.5 * log2(0.5 / 0.25);
        double kl2 = log2(1 / 0.75);
        assertEquals(Math.sqrt((kl1 + kl2) / 2), DriftMetrics.jsDistance(new double[] {0.5, 0.5}, new double[] {1, 0}),
                1e-12);
    }

    @Test
    void ksIsTheLargestGapBetweenTheCdfs() {
        // under 200 values a KLL sketch is exact: 1..100 against 51..150 differ by ½ between 50 and 100
        Distribution.Numeric a = Synthetic.numeric(IntStream.rangeClosed(1, 100).asDoubleStream().toArray());
        Distribution.Numeric b = Synthetic.numeric(IntStream.rangeClosed(51, 150).asDoubleStream().toArray());
        assertEquals(0.5, DriftMetrics.ks(a.sketch(), b.sketch()), 1e-12);
        assertEquals(0.0, DriftMetrics.ks(a.sketch(), a.sketch()), 1e-12);
        Distribution.Numeric disjoint = Synthetic.numeric(IntStream.rangeClosed(200, 210).asDoubleStream().toArray());
        assertEquals(1.0, DriftMetrics.ks(a.sketch(), disjoint.sketch()), 1e-12);
    }

    @Test
    void ksOnDiscreteValuesComparesTheStepHeights() {
        // 0/1 with 30% ones against 50% ones: F(0) = 0.7 vs 0.5
        Distribution.Numeric a = Synthetic.numeric(0, 0, 0, 0, 0, 0, 0, 1, 1, 1);
        Distribution.Numeric b = Synthetic.numeric(0, 0, 0, 0, 0, 1, 1, 1, 1, 1);
        assertEquals(0.2, DriftMetrics.ks(a.sketch(), b.sketch()), 1e-12);
    }

    @Test
    void criticalValuesMatchTheTables() {
        // tables: χ²(9) 99.9th percentile 27.877, χ²(3) 16.266, χ²(2) 13.816, χ²(1) 10.828; 95th of χ²(1) 3.841
        assertEquals(27.877, DriftMetrics.chiSquareQuantile(0.999, 9), 0.28);
        assertEquals(16.266, DriftMetrics.chiSquareQuantile(0.999, 3), 0.33);
        assertEquals(13.816, DriftMetrics.chiSquareQuantile(0.999, 2), 0.01);
        assertEquals(10.828, DriftMetrics.chiSquareQuantile(0.999, 1), 0.02);
        assertEquals(3.841, DriftMetrics.chiSquareQuantile(0.95, 1), 0.01);
        assertEquals(3.090, DriftMetrics.normalQuantile(0.999), 1e-3);
        // two-sample KS at α = 0.05: c = 1.358
        assertEquals(1.358 * Math.sqrt(2.0 / 100), DriftMetrics.ksCritical(0.05, 100, 100), 1e-3);
        assertEquals(0.0, DriftMetrics.ksCritical(1, 100, 100));
        assertEquals((1.0 / 1000 + 1.0 / 5000) * DriftMetrics.chiSquareQuantile(0.999, 9),
                DriftMetrics.psiCritical(0.001, 10, 1000, 5000), 1e-12);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
