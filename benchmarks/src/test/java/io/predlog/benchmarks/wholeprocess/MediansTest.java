package io.predlog.benchmarks.wholeprocess;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MediansTest {

    @Test
    void theMedianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
        assertEquals(5.0, Medians.median(List.of(9.0, 1.0, 5.0)));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertEquals(3.5, Medians.median(List.of(4.0, 1.0, 3.0, 100.0)));
    }

    @Test
    void percentilesAreNearestRank() {
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = i + 1;
        }
        assertEquals(50, Medians.percentile(hundred, 50));
        assertEquals(99, Medians.percentile(hundred, 99));
        assertEquals(100, Medians.percentile(hundred, 99.9));
        assertEquals(1, Medians.percentile(hundred, 0.001));
        assertEquals(30, Medians.percentileOf(new long[]{30, 10, 20}, 100));
    }

    @Test
    void noValuesOrAPercentileOutOfRangeIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Medians.median(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Medians.percentile(new long[0], 50));
        assertThrows(IllegalArgumentException.class, () -> Medians.percentile(new long[]{1}, 0));
        assertThrows(IllegalArgumentException.class, () -> Medians.percentile(new long[]{1}, 101));
    }
}
