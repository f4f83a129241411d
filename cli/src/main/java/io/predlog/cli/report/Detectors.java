package io.predlog.cli.report;

import java.util.List;

/** The detectors {@code predlog report} runs, in order; a new kind of finding is a new class listed here. */
public final class Detectors {

    /** Every detector. */
    public static final List<Detector> ALL = List.of(
            new ErrorRateOnset(),
            new StoppedPredictions(),
            new UnfinishedCalls(),
            SeparatingAttributes.failures(),
            new DataQuality(),
            new LatencyBySize(),
            new DriftOnsets(),
            new NovelInputs(),
            SeparatingAttributes.slowCalls());

    private Detectors() {
    }
}
