package io.predlog.cli.report;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A rise in the share of inputs a model had not seen before ({@code input_seen_before = false}): a change in who
 * calls it or what they send, found as a {@link ChangePoint} rise of at least {@link #MIN_RISE}.
 */
public final class NovelInputs implements Detector {

    /** The smallest rise reported: ten percentage points. */
    static final double MIN_RISE = 0.1;

    @Override
    public String kind() {
        return "novel_inputs";
    }

    @Override
    public List<Finding> detect(Scope scope) throws SQLException {
        List<Finding> out = new ArrayList<>();
        for (RateSeries s : RateSeries.of(scope.rows("SELECT model_id, 'inputs not seen before', 'NOT input_seen_before', bucket, "
                + "count(*), count(*) FILTER (WHERE NOT input_seen_before) FROM report_predictions "
                + "WHERE input_seen_before IS NOT NULL GROUP BY ALL ORDER BY 1, 2, 3, 4"))) {
            s.finding(scope, kind(), Finding.Severity.LOW, MIN_RISE, "before", List.of()).ifPresent(out::add);
        }
        return out;
    }
}
