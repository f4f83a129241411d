package io.predlog.cli.query;

/**
 * How many calls one kept event stands for: {@code 1 / sample_rate} (docs/EVENTS.md, Sampling). Every figure that
 * counts calls, rates, quantiles or distributions over sampled logs weights each event by it; an event without a
 * rate, or with one outside (0, 1] (written by hand, or by another tool), counts as one call.
 */
public final class CallWeight {

    /** The weight of the {@code events} row in scope, as a SQL expression over its {@code sample_rate}. */
    public static final String SQL =
            "(1.0 / CASE WHEN sample_rate > 0 AND sample_rate <= 1 THEN sample_rate ELSE 1.0 END)";

    private CallWeight() {
    }
}
