package io.predlog.cli.compare;

/**
 * A version's prediction outcomes as weighted tallies for the error-rate test: each kept event counts
 * {@code w = 1 / sample_rate} calls, and the sums of {@code w²} carry how much of that count is estimated.
 *
 * @param failures       Σw over the kept failures
 * @param failureSquares Σw² over the kept failures
 * @param successes      Σw over the kept successes
 * @param successSquares Σw² over the kept successes
 */
record Outcomes(double failures, double failureSquares, double successes, double successSquares) {

    /** Outcomes read without sampling: every event one call. */
    static Outcomes counted(long failures, long calls) {
        return new Outcomes(failures, failures, calls - failures, calls - failures);
    }

    /** The calls these outcomes stand for. */
    double calls() {
        return failures + successes;
    }

    /** Failures per call; NaN without calls. */
    double rate() {
        return calls() == 0 ? Double.NaN : failures / calls();
    }

    /**
     * The design effect at failure rate {@code p}: how many times the variance of the estimated rate exceeds that
     * of {@link #calls()} calls all kept, (1 − p)·Σw²/Σw over the failures + p·Σw²/Σw over the successes
     * (docs/CLI.md, compare). It is 1 when every weight is 1.
     */
    double designEffect(double p) {
        double failureWeight = failures == 0 ? 1 : failureSquares / failures;
        double successWeight = successes == 0 ? 1 : successSquares / successes;
        return (1 - p) * failureWeight + p * successWeight;
    }
}
