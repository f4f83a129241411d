package io.predlog.cli.report;

import java.sql.SQLException;
import java.util.List;

/**
 * One kind of diagnosis: reads the {@code events} view (and the tables {@link Scope} prepares) and returns its
 * findings, none when nothing stands out. A detector keeps no state between runs and must not report what
 * sampling noise explains: each applies a significance test and a minimum support before it reports.
 *
 * <p>Add a kind of finding by writing a class that implements this and listing it in {@link Detectors#ALL}.
 */
public interface Detector {

    /** The {@link Finding#kind()} of this detector's findings. */
    String kind();

    /** The findings over {@code scope}; empty when nothing stands out. */
    List<Finding> detect(Scope scope) throws SQLException;
}
