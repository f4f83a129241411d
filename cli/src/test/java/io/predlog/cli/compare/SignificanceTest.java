package io.predlog.cli.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SignificanceTest {

    @Test
    void twoProportionZTestMatchesTheTextbookFigures() {
        // 10/100 vs 20/100: pooled 0.15, standard error sqrt(0.15 * 0.85 * 0.02) = 0.0505, z = 1.980, p = 0.0477
        Significance s = Significance.proportions(10, 100, 20, 100);
        assertEquals(1.980, s.statistic(), 0.001);
        assertEquals(0.0477, s.p(), 0.0005);
        assertTrue(s.significant(0.05));
        assertFalse(s.significant(0.01));
    }

    @Test
    void noFailuresOnEitherSideHasNoTest() {
        assertNull(Significance.proportions(0, 100, 0, 50));
        assertNull(Significance.proportions(0, 0, 3, 50));
    }

    @Test
    void mannWhitneyOfTwoSeparatedSamples() {
        // U = 9 of 9 pairs; normal approximation: mean 4.5, variance 5.25, z = 1.964, p = 0.0495
        Significance s = Significance.mannWhitney(Sample.of(new double[] {1, 2, 3}), Sample.of(new double[] {4, 5, 6}));
        assertEquals(9, s.statistic());
        assertEquals(0.0495, s.p(), 0.0005);
    }

    @Test
    void kolmogorovSmirnovOfIdenticalAndOfDisjointSamples() {
        double[] x = new double[200];
        double[] y = new double[200];
        for (int i = 0; i < 200; i++) {
            x[i] = i;
            y[i] = i + 0.5;
        }
        Significance same = Significance.kolmogorovSmirnov(Sample.of(x), Sample.of(y));
        assertEquals(0.005, same.statistic(), 1e-9);
        assertTrue(same.p() > 0.99);
        for (int i = 0; i < 200; i++) {
            y[i] = 1000 + i;
        }
        Significance apart = Significance.kolmogorovSmirnov(Sample.of(x), Sample.of(y));
        assertEquals(1.0, apart.statistic());
        assertTrue(apart.p() < 1e-10);
    }

    @Test
    void quantilesInterpolateBetweenRanksAsDuckDbDoes() {
        Sample s = Sample.of(new double[] {4, 1, 3, 2});
        assertEquals(2.5, s.quantile(0.5));
        assertEquals(1.3, s.quantile(0.1), 1e-12);
        assertEquals(2.5, s.mean());
        assertTrue(Double.isNaN(Sample.of(new double[0]).quantile(0.5)));
    }
}
