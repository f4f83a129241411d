package io.predlog.cli.report;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The diagnosis of a set of events: what they cover and the findings of every detector, most severe first (then by
 * onset). No findings is the clean bill.
 *
 * @param start       the first event's time
 * @param end         the last event's time
 * @param events      events read
 * @param predictions prediction events among them
 * @param failures    failed predictions among them
 * @param services    the services that wrote them
 * @param findings    the findings, most severe first
 * @param inputSampleRate the share of the successes whose input the findings that need it read (1: all; Scope)
 */
public record Report(Instant start, Instant end, long events, long predictions, long failures, List<String> services,
                     List<Finding> findings, double inputSampleRate) {

    public Report {
        services = List.copyOf(services);
        findings = List.copyOf(findings);
    }

    /** Runs {@code detectors} over the events in {@code connection} (DuckDB). */
    public static Report of(Connection connection, List<Path> paths, List<Detector> detectors) throws SQLException {
        return of(new DuckDbEngine(connection), paths, detectors);
    }

    /**
     * Runs {@code detectors} over the events in {@code engine}; {@code paths} are the local paths to look for
     * in-flight files in.
     */
    public static Report of(Engine engine, List<Path> paths, List<Detector> detectors) throws SQLException {
        Scope scope = Scope.of(engine, paths);
        if (scope == null) {
            return new Report(null, null, 0, 0, 0, List.of(), List.of(), 1.0);
        }
        return of(scope, detectors);
    }

    /** Runs {@code detectors} over {@code scope}. */
    public static Report of(Scope scope, List<Detector> detectors) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        for (Detector d : detectors) {
            findings.addAll(d.detect(scope));
        }
        // ties broken by what a finding says, not by the order an engine returned its rows in: two models that
        // stopped in the same millisecond are reported in the same order by every engine
        findings.sort(Comparator.comparing(Finding::severity)
                .thenComparing(Finding::onset, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Finding::kind)
                .thenComparing(Finding::modelId, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Finding::headline));
        Scope.Row counts = scope.rows("SELECT (SELECT count(*) FROM events), count(*), count(*) FILTER (WHERE failed) "
                + "FROM report_predictions").get(0);
        List<String> services = new ArrayList<>();
        for (Scope.Row r : scope.rows("SELECT DISTINCT service FROM events WHERE service IS NOT NULL ORDER BY 1")) {
            services.add(r.text(0));
        }
        return new Report(scope.start(), scope.end(), counts.count(0), counts.count(1), counts.count(2), services, findings,
                scope.inputSampleRate());
    }

    /** Whether nothing stood out. */
    public boolean clean() {
        return findings.isEmpty();
    }
}
