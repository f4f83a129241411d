package io.predlog.agent.sampling;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the sampler keeps, and the sample_rate it gives what it keeps (docs/EVENTS.md, "Sampling"). */
class SamplerTest {

    private static final double DEFAULT = Double.NaN;
    private static final String[] IDS = SampleKeyTest.ids(100_000, 42);

    /** One prediction through the two steps, as the recorder drives them; NaN when left out. */
    private static double predict(Sampler sampler, String id, double override, boolean failed, double latencyMs) {
        byte decision = sampler.decide(id, override, 1);
        return sampler.sampleRate(decision, override, failed, latencyMs);
    }

    /** The decision for a generated id's numbers is the one for its text, at every rate and share kept. */
    @Test
    void aGeneratedIdsNumbersAreDecidedAsItsText() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (double rate : new double[] {0.0, 0.01, 0.3, 1.0}) {
            for (double share : new double[] {1.0, 0.5}) {
                Sampler sampler = new Sampler(rate, 0, 0);
                sampler.protect(share);
                int[] decisions = new int[3];
                for (int i = 0; i < 5_000; i++) {
                    long high = random.nextLong();
                    long low = random.nextLong();
                    byte byText = sampler.decide(String.format("%016x%016x", high, low), DEFAULT, 1);
                    assertEquals(byText, sampler.decide(high, low, DEFAULT, 1), "rate " + rate + ", share " + share);
                    decisions[byText]++;
                }
                if (rate == 0.3 && share == 0.5) {
                    assertTrue(decisions[Sampler.KEPT] > 600 && decisions[Sampler.KEPT] < 900,
                            "kept " + decisions[Sampler.KEPT] + " of 5,000 at 0.3 x 0.5");
                    assertTrue(decisions[Sampler.SHED] > 600 && decisions[Sampler.SHED] < 900,
                            "shed " + decisions[Sampler.SHED] + " of 5,000");
                }
            }
        }
    }

    @Test
    void withTheDefaultsEverythingIsKeptAtRateOne() {
        Sampler sampler = new Sampler(1.0, 1000, 0);
        for (int i = 0; i < 1000; i++) {
            assertEquals(1.0, predict(sampler, IDS[i], DEFAULT, false, 1));
        }
        assertEquals(0, sampler.sampledOut());
    }

    @Test
    void successesAreKeptAtTheRateAndReweightingRecoversTheCount() {
        Sampler sampler = new Sampler(0.1, 1000, 0);
        int kept = 0;
        double estimate = 0;
        for (String id : IDS) {
            double rate = predict(sampler, id, DEFAULT, false, 2);
            if (rate == rate) {
                assertEquals(0.1, rate);
                kept++;
                estimate += 1 / rate;
            }
        }
        double sigma = Math.sqrt(IDS.length * 0.1 * 0.9);
        assertTrue(Math.abs(kept - 10_000) < 5 * sigma, "kept " + kept);
        // Σ 1/sample_rate estimates the calls; its standard deviation is sigma / rate
        assertTrue(Math.abs(estimate - IDS.length) < 5 * sigma / 0.1, "estimate " + estimate);
        assertEquals(IDS.length - kept, sampler.sampledOut(), "every left-out event is counted");
    }

    @Test
    void errorsAndSlowCallsAreAllKeptAtRateOneAndReweightingStillRecoversTheCount() {
        Sampler sampler = new Sampler(0.05, 100, 0);
        int errors = 0;
        int slow = 0;
        double estimate = 0;
        for (int i = 0; i < IDS.length; i++) {
            boolean failed = i % 7 == 0;
            double latency = i % 11 == 0 ? 100.5 : 3;
            double rate = predict(sampler, IDS[i], DEFAULT, failed, latency);
            if (failed || latency > 100) {
                assertEquals(1.0, rate, "failed or slow: always kept, at rate 1");
                errors += failed ? 1 : 0;
                slow += failed ? 0 : 1;
            }
            if (rate == rate) {
                estimate += 1 / rate;
            }
        }
        assertTrue(errors > 14_000 && slow > 7_000);
        double routine = IDS.length - errors - slow;
        double sigma = Math.sqrt(routine * 0.05 * 0.95) / 0.05;
        assertTrue(Math.abs(estimate - IDS.length) < 5 * sigma, "estimate " + estimate + " ± " + 5 * sigma);
    }

    @Test
    void aSlowCallAtExactlyTheThresholdIsRoutineAndZeroMeansNoneIsSlow() {
        assertEquals(Double.NaN, predict(new Sampler(0.0, 100, 0), IDS[0], DEFAULT, false, 100.0));
        assertEquals(1.0, predict(new Sampler(0.0, 100, 0), IDS[0], DEFAULT, false, 100.001));
        assertEquals(Double.NaN, predict(new Sampler(0.0, 0, 0), IDS[0], DEFAULT, false, 1e9));
    }

    @Test
    void twoServicesDecideIdenticallyForTheSameIds() {
        Sampler a = new Sampler(0.25, 1000, 0);
        Sampler b = new Sampler(0.25, 1000, 0);
        for (String id : IDS) {
            assertEquals(a.decide(id, DEFAULT, 1), b.decide(new String(id.toCharArray()), DEFAULT, 1), id);
        }
    }

    @Test
    void aTargetOverrideReplacesTheDefaultAndRatesAreNested() {
        Sampler sampler = new Sampler(0.1, 1000, 0);
        int atDefault = 0;
        int atHalf = 0;
        for (String id : IDS) {
            boolean low = sampler.decide(id, DEFAULT, 1) == Sampler.KEPT;
            boolean high = sampler.decide(id, 0.5, 1) == Sampler.KEPT;
            assertTrue(!low || high, "kept at 0.1 implies kept at 0.5: " + id);
            atDefault += low ? 1 : 0;
            atHalf += high ? 1 : 0;
        }
        assertTrue(Math.abs(atHalf - 50_000) < 5 * Math.sqrt(25_000), "kept at 0.5: " + atHalf);
        assertTrue(Math.abs(atDefault - 10_000) < 5 * Math.sqrt(9_000), "kept at 0.1: " + atDefault);
        assertEquals(0.5, sampler.sampleRate(Sampler.KEPT, 0.5, false, 1));
    }

    @Test
    void theCapShedsRoutineEventsButNeverErrorsAndCountsWhatItShed() {
        Sampler sampler = new Sampler(1.0, 1000, 100);
        int routineKept = 0;
        int errorsKept = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            boolean failed = i % 10 == 0;
            double rate = predict(sampler, IDS[i], DEFAULT, failed, 1);
            if (failed) {
                assertEquals(1.0, rate, "an error is never shed");
                errorsKept++;
            } else if (rate == rate) {
                routineKept++;
            }
        }
        long windows = (System.nanoTime() - start) / 1_000_000_000L + 1;
        assertEquals(1_000, errorsKept);
        assertTrue(routineKept <= 100 * windows, "kept " + routineKept + " routine events in " + windows + " s");
        assertEquals(9_000 - routineKept, sampler.shed(), "every shed event is counted");
        assertEquals(0, sampler.sampledOut());
    }

    @Test
    void aRequestStartFollowsTheRequestsDecision() {
        Sampler sampler = new Sampler(0.1, 1000, 0);
        for (int i = 0; i < 1000; i++) {
            byte decision = sampler.decide(IDS[i], DEFAULT, 2);
            double start = sampler.startRate(decision, DEFAULT);
            double success = sampler.sampleRate(decision, DEFAULT, false, 1);
            assertEquals(Double.isNaN(start), Double.isNaN(success), "start and success together: " + IDS[i]);
            assertEquals(decision == Sampler.KEPT, SampleKey.of(IDS[i]) < 0.1);
        }
    }
}
