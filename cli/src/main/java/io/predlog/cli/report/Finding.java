package io.predlog.cli.report;

import java.time.Instant;
import java.util.List;

/**
 * One thing the report found: a headline, the evidence for it (times, counts, rates, example request ids), and the
 * commands that show more. docs/CLI.md ({@code report}) documents its JSON form.
 *
 * @param kind     what kind of finding: the name of the detector that made it ({@code error_rate_onset}, ...)
 * @param severity how much it matters
 * @param headline one line saying what happened
 * @param onset    when it started, or null when it has no start (a property of the whole period)
 * @param modelId  the model it is about, or null
 * @param evidence lines of evidence, each readable alone
 * @param see      {@code ./predlog ...} commands that show more
 */
public record Finding(String kind, Severity severity, String headline, Instant onset, String modelId,
                      List<String> evidence, List<String> see) {

    public Finding {
        evidence = List.copyOf(evidence);
        see = List.copyOf(see);
    }

    /** How much a finding matters; findings are listed most severe first. */
    public enum Severity {
        /** Calls fail, stop or never finish. */
        HIGH,
        /** The inputs or the latency changed in a way that explains or precedes failures. */
        MEDIUM,
        /** Worth knowing; nothing is failing because of it yet. */
        LOW
    }
}
