import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.predlog.cli.query.EventFilter;
import io.predlog.cli.query.EventStore;
import io.predlog.cli.query.LoadReport;
import io.predlog.cli.report.Detector;
import io.predlog.cli.report.Detectors;
import io.predlog.cli.report.Report;
import io.predlog.cli.report.Scope;

/**
 * Times the stages of loading event files and of {@code predlog report} in one JVM, wall and CPU (user + sys of
 * the whole process), for docs/PERFORMANCE.md.
 *
 * <p>Usage: {@code java -cp cli/target/predlog-cli.jar cli/perf/LoadStages.java [--fields | --whole] PATH...}.
 * The files are loaded as {@code predlog report} loads them ({@code EventStore.Content.REPORT}); with
 * {@code --whole} as the commands that read whole events do ({@code Content.WHOLE}); with {@code --fields} as for
 * a query that uses no {@code raw}, {@code input} or {@code output} ({@code Content.FIELDS}), and the report is
 * not run.
 */
public final class LoadStages {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private long wall = System.nanoTime();
    private long cpu = OS.getProcessCpuTime();

    private void stage(String name) {
        long w = System.nanoTime();
        long c = OS.getProcessCpuTime();
        System.out.printf("%-48s %8.2f s wall %8.2f s CPU%n", name, (w - wall) / 1e9, (c - cpu) / 1e9);
        wall = w;
        cpu = c;
    }

    public static void main(String[] args) throws Exception {
        List<Path> paths = new ArrayList<>();
        EventStore.Content content = EventStore.Content.REPORT;
        for (String a : args) {
            if (a.equals("--fields")) {
                content = EventStore.Content.FIELDS;
            } else if (a.equals("--whole")) {
                content = EventStore.Content.WHOLE;
            } else {
                paths.add(Path.of(a));
            }
        }
        LoadStages t = new LoadStages();
        try (EventStore store = EventStore.open(EventFilter.ALL)) {
            t.stage("DuckDB start (EventStore.open)");
            LoadReport report = store.load(paths, new EventStore.Progress() {
                @Override
                public void start(long totalBytes) {
                }

                @Override
                public void advance(long bytes) {
                }

                @Override
                public void finish() {
                    t.stage("reading the lines (Java; FIELDS, REPORT: DuckDB reading alongside)");
                }
            }, content);
            t.stage("parsing and storing them (DuckDB), numbering the lines");
            System.out.println("  " + report);
            try (Statement s = store.connection().createStatement();
                 ResultSet r = s.executeQuery("SELECT count(*) FROM events")) {
                r.next();
            }
            t.stage("SELECT count(*) FROM events");
            if (content == EventStore.Content.FIELDS) {
                return;
            }
            Scope scope = Scope.of(store.connection(), paths);
            t.stage("report: its tables (Scope)");
            for (Detector d : Detectors.ALL) {
                Report.of(scope, List.of(d));
                t.stage("report: " + d.getClass().getSimpleName());
            }
        }
    }
}
