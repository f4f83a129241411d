package io.predlog.cli.report;

import java.io.IOException;
import java.nio.file.Path;

/** Event files with every incident of {@link IncidentLog}, for the tests of other packages. */
public final class IncidentLogs {

    private IncidentLogs() {
    }

    /** An hour of events with every incident, written to {@code file}. */
    public static Path all(Path file) throws IOException {
        return IncidentLog.write(file, 9, IncidentLog.Incident.values());
    }

    /** As {@link #all(Path)}, with {@code perMinute} calls a minute per model. */
    public static Path all(Path file, int perMinute) throws IOException {
        return IncidentLog.write(file, 9, IncidentLog.MINUTES, perMinute, IncidentLog.Incident.values());
    }
}
