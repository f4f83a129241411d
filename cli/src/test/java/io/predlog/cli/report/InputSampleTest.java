package io.predlog.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.predlog.cli.query.EventFilter;
import io.predlog.cli.query.EventStore;
import io.predlog.cli.report.IncidentLog.Incident;

/**
 * The report past its limit of described successes ({@link Scope}): the incident logs of {@link ReportCommandTest}
 * (36,000 predictions an hour) read with a limit of 4,000, so that the findings on inputs see every failure and
 * about one success in nine, find each incident as they do with every input read, and find nothing in clean runs.
 */
class InputSampleTest {

    private static final long LIMIT = 4_000;

    @TempDir
    Path dir;

    private static Report report(Path log, long described) throws Exception {
        try (EventStore store = EventStore.open(EventFilter.ALL)) {
            store.load(List.of(log), null, EventStore.Content.REPORT);
            return Report.of(Scope.of(store.connection(), List.of(log), described), Detectors.ALL);
        }
    }

    private static List<String> kinds(Report report) {
        return report.findings().stream().map(Finding::kind).toList();
    }

    @ParameterizedTest
    @EnumSource(Incident.class)
    void eachIncidentIsFoundFromTheSampleAsFromEveryInput(Incident incident) throws Exception {
        Path log = IncidentLog.write(dir.resolve("incident.jsonl"), 11, incident);
        Report all = report(log, Long.MAX_VALUE);
        Report sampled = report(log, LIMIT);

        assertEquals(1.0, all.inputSampleRate());
        assertTrue(sampled.inputSampleRate() > 0.08 && sampled.inputSampleRate() < 0.15, () -> "" + sampled.inputSampleRate());
        assertEquals(all.predictions(), sampled.predictions());
        assertEquals(all.failures(), sampled.failures());
        // what every input finds, the sample finds: the same kinds, about the same models
        assertEquals(kinds(all).stream().sorted().toList(), kinds(sampled).stream().sorted().toList(),
                () -> incident + ":\n" + all.findings() + "\n" + sampled.findings());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void aCleanRunGetsACleanBillFromTheSample(long seed) throws Exception {
        Report sampled = report(IncidentLog.write(dir.resolve("clean.jsonl"), seed), LIMIT);
        assertTrue(sampled.inputSampleRate() < 1);
        assertTrue(sampled.clean(), () -> sampled.findings().toString());
    }

    @Test
    void theReportSaysWhatItSampled() throws Exception {
        Report sampled = report(IncidentLog.write(dir.resolve("all.jsonl"), 9, Incident.values()), LIMIT);
        StringWriter text = new StringWriter();
        ReportWriter.text(sampled, new PrintWriter(text));
        assertTrue(text.toString().contains("read the input of every failure and of a uniform sample of "), text.toString());
        assertEquals(sampled.inputSampleRate(), ReportWriter.tree(sampled).get("input_sample_rate").asDouble());
        Report all = report(dir.resolve("all.jsonl"), Long.MAX_VALUE);
        StringWriter whole = new StringWriter();
        ReportWriter.text(all, new PrintWriter(whole));
        assertTrue(!whole.toString().contains("uniform sample"), whole.toString());
    }
}
