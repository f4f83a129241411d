package io.predlog.agent.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.CapturedOutput;
import io.predlog.agent.capture.FeatureSettings;
import io.predlog.agent.capture.Features;
import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The statistics give a call's features back to the thread that gathered them (which then fills the same storage
 * again) once folded, or at once when the call is not queued; never while the statistics thread may still read them.
 */
class FeatureReleaseTest {

    /** This test's own capture: the thread's storage as this test alone used it. */
    private final InputCapture capture = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 256));

    private CapturedInput input(double amount) {
        return capture.captureValue(Map.of("amount", amount));
    }

    private Features next() {
        return input(1.0).features();
    }

    @Test
    void aQueuedCallsFeaturesComeBackOnceFolded() {
        StatsFixture f = new StatsFixture(StatsFixture.defaults());
        CapturedInput input = input(2.5);
        CapturedOutput output = capture.captureOutput(0.75);
        f.recorder.prediction("score", "m", "1", 1_000, null, input, output, null);

        Features meanwhile = next();
        assertNotSame(input.features(), meanwhile, "held by the queue: not filled again");
        assertNotSame(output.features(), meanwhile);
        assertEquals(2.5, input.features().number(0), "unchanged while queued");
        meanwhile.release();

        f.closeWindow();
        assertSame(input.features(), next(), "folded: the input's storage is the thread's again");
        assertEquals(1.0, input.features().number(0), "filled by the later call");
    }

    @Test
    void aCallThatIsNotQueuedGivesItsFeaturesBackAtOnce() {
        // one model tracked: the second model's calls are counted as untracked, never queued
        StatsFixture f = new StatsFixture(StatsFixture.settings(1024, 1, 64, 50, Set.of()));
        f.recorder.prediction("score", "tracked", "1", 1_000, null, input(1.0), null, null);
        CapturedInput untracked = input(3.0);
        assertEquals(1, untracked.features().size());
        f.recorder.prediction("score", "other", "1", 1_000, null, untracked, null, null);
        assertEquals(1, f.recorder.untrackedCalls());
        assertEquals(0, untracked.features().size(), "released: emptied for its thread");
    }

    @Test
    void aFullQueueGivesTheFeaturesBackAtOnce() {
        StatsFixture f = new StatsFixture(StatsFixture.settings(16, 4, 64, 50, Set.of()));
        for (int i = 0; i < 16; i++) {
            f.recorder.prediction("score", "m", "1", 1_000, null, input(i), null, null);
        }
        CapturedInput dropped = input(99.0);
        assertEquals(1, dropped.features().size());
        f.recorder.prediction("score", "m", "1", 1_000, null, dropped, null, null);
        assertEquals(1, f.recorder.observationsDropped());
        assertEquals(0, dropped.features().size(), "released: emptied for its thread");
    }
}
