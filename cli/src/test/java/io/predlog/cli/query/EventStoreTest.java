package io.predlog.cli.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

class EventStoreTest {

    static final String SUCCESS = "{\"event\":\"prediction_success\",\"level\":\"INFO\",\"timestamp\":\"2026-11-27T02:48:00.123Z\",\"schema\":1,\"service\":\"fraud-scorer\",\"host\":\"host-1\",\"pid\":4242,\"thread\":\"http-nio-1\",\"request_id\":\"r1\",\"target\":\"score\",\"method\":\"com.acme.Model#predict\",\"model_id\":\"fraud\",\"model_version\":\"v3\",\"input_hash\":\"0011223344556677\",\"input_size\":27,\"output_hash\":\"8899aabbccddeeff\",\"input_seen_before\":false,\"latency_ms\":1.235,\"input\":{\"type\":\"java.util.HashMap\",\"num_fields\":2,\"field_names\":[\"amount\",\"count\"],\"total_size_bytes\":27,\"values\":{\"amount\":12.5,\"count\":3}},\"sample_rate\":1.0}";
    static final String FAILURE = "{\"event\":\"prediction_failure\",\"level\":\"ERROR\",\"timestamp\":\"2026-11-27T02:48:01.000Z\",\"schema\":1,\"service\":\"fraud-scorer\",\"host\":\"host-1\",\"pid\":4242,\"thread\":\"http-nio-2\",\"request_id\":\"r2\",\"target\":\"score\",\"method\":\"com.acme.Model#predict\",\"model_id\":\"fraud\",\"model_version\":\"v4\",\"input_hash_truncated\":true,\"latency_ms\":0.5,\"input\":{\"type\":\"float[]\",\"list_length\":3,\"min\":\"NaN\",\"max\":1.0E-4,\"mean\":3,\"nan_count\":1,\"shape\":[1,3]},\"sample_rate\":1.0,\"error_type\":\"java.lang.IllegalStateException\",\"error_msg\":\"bad\"}";
    static final String STATS = "{\"event\":\"model_stats\",\"level\":\"INFO\",\"timestamp\":\"2026-11-27T02:49:00.004Z\",\"schema\":1,\"service\":\"churn-service\",\"host\":\"host-1\",\"pid\":4243,\"thread\":\"predlog-stats\",\"target\":\"churn\",\"model_id\":\"churn\",\"model_version\":\"3\",\"window_start\":\"2026-11-27T02:48:00.000Z\",\"calls\":1200,\"errors\":3,\"latency_ms\":{\"p50\":0.051,\"p99\":0.21}}";

    @TempDir
    Path dir;

    @Test
    void typedColumnsReadTheFieldsOfEveryEventKind() throws Exception {
        Path file = write("a.jsonl", SUCCESS, FAILURE, STATS);
        try (EventStore store = EventStore.open(EventFilter.ALL)) {
            LoadReport report = store.load(List.of(file), null);
            assertEquals(3, report.kept());
            assertTrue(report.warnings().isEmpty(), report.warnings().toString());
            try (Statement s = store.connection().createStatement();
                 ResultSet r = s.executeQuery("SELECT event, \"timestamp\", pid, latency_ms, input.values['amount'],"
                         + " input.min, input.shape[2], input_hash_truncated, output_hash_partial, input_seen_before,"
                         + " raw->>'window_start', line, file FROM events ORDER BY \"timestamp\"")) {
                assertTrue(r.next());
                assertEquals("prediction_success", r.getString(1));
                assertEquals("2026-11-27T02:48:00.123Z", r.getTimestamp(2).toLocalDateTime().toString() + "Z");
                assertEquals(4242L, r.getLong(3));
                assertEquals(1.235, r.getDouble(4));
                assertEquals(12.5, r.getDouble(5));
                assertFalse(r.getBoolean(8));
                assertFalse(r.getBoolean(10));
                assertEquals(1, r.getLong(12));
                assertEquals(file.toString(), r.getString(13));
                assertTrue(r.next());
                assertEquals("prediction_failure", r.getString(1));
                assertTrue(Double.isNaN(r.getDouble(6)), "input.min \"NaN\" reads as NaN");
                assertEquals(3, r.getLong(7));
                assertTrue(r.getBoolean(8));
                assertNull(r.getObject(10), "input_seen_before absent stays NULL");
                assertTrue(r.next());
                assertEquals("model_stats", r.getString(1));
                assertNull(r.getObject(4), "model_stats' latency_ms is an object: NULL in the DOUBLE column");
                assertEquals("2026-11-27T02:48:00.000Z", r.getString(11));
                assertFalse(r.next());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EventStore.Content.class)
    void tornAndCorruptLinesAreSkippedCountedAndNamed(EventStore.Content content) throws Exception {
        Path a = write("a.jsonl", SUCCESS, "{\"event\":\"prediction_succ", "not json at all", "[1,2]", "{\"no_event\":1}", FAILURE);
        Path b = dir.resolve("b.jsonl");
        Files.writeString(b, STATS + "\n" + SUCCESS.substring(0, 40));
        try (EventStore store = EventStore.open(EventFilter.ALL)) {
            LoadReport report = store.load(List.of(a, b), null, content);
            assertEquals(3, report.kept());
            assertEquals(8, report.lines());
            assertEquals(4L, report.skipped().get(a));
            assertEquals(1L, report.skipped().get(b));
            assertEquals("skipped 5 unreadable lines in 2 files: " + a + " (4), " + b + " (1)", report.warnings().get(0));
        }
    }

    @ParameterizedTest
    @EnumSource(EventStore.Content.class)
    void aGzipFileCutShortYieldsTheLinesBeforeTheCut(EventStore.Content content) throws Exception {
        String[] lines = new String[400];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = SUCCESS.replace("\"r1\"", "\"r" + i + "\"");
        }
        byte[] whole = gzip(String.join("\n", lines) + "\n");
        Path cut = dir.resolve("cut.jsonl.gz");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        try (EventStore store = EventStore.open(EventFilter.ALL)) {
            LoadReport report = store.load(List.of(cut), null, content);
            assertTrue(report.kept() > 0 && report.kept() < 400, "some lines read: " + report.kept());
            assertTrue(report.cutShort().containsKey(cut));
            assertTrue(report.warnings().stream().anyMatch(w -> w.startsWith("read only part of " + cut)), report.warnings().toString());
        }
    }

    @ParameterizedTest
    @EnumSource(EventStore.Content.class)
    void directoriesAreSearchedRecursivelyForPlainAndGzippedFilesAndEmptyFilesAreFine(EventStore.Content content) throws Exception {
        Path hour = Files.createDirectories(dir.resolve("svc-a/2026/11/27/02"));
        Files.writeString(hour.resolve("predlog-a-20261127-024800-1-0001.jsonl"), SUCCESS + "\n");
        Files.write(hour.resolve("predlog-a-20261127-024800-1-0000.jsonl.gz"), gzip(FAILURE + "\n"));
        Files.writeString(hour.resolve("empty.jsonl"), "");
        Files.writeString(hour.resolve("notes.txt"), "not an event file");
        Path other = Files.createDirectories(dir.resolve("svc-b"));
        Files.writeString(other.resolve("x.jsonl"), STATS + "\n");
        try (EventStore store = EventStore.open(EventFilter.ALL)) {
            LoadReport report = store.load(List.of(dir.resolve("svc-a"), other), null, content);
            assertEquals(4, report.files());
            assertEquals(3, report.kept());
            assertTrue(report.warnings().isEmpty(), report.warnings().toString());
        }
    }

    @ParameterizedTest
    @EnumSource(EventStore.Content.class)
    void theFilterKeepsOnlyMatchingEventsButCountsEverythingRead(EventStore.Content content) throws Exception {
        Path file = write("a.jsonl", SUCCESS, FAILURE, STATS);
        EventFilter v3 = new EventFilter(Instant.parse("2026-11-27T02:48:00Z"), Instant.parse("2026-11-27T02:48:01Z"),
                List.of("fraud-scorer"), List.of("fraud"), List.of("v3", "v9"), List.of("score"), List.of());
        try (EventStore store = EventStore.open(v3)) {
            LoadReport report = store.load(List.of(file), null, content);
            assertEquals(3, report.events());
            assertEquals(1, report.kept());
            assertEquals(List.of("r1"), requestIds(store));
        }
    }

    @ParameterizedTest
    @EnumSource(EventStore.Content.class)
    void missingPathsAreReportedAndNothingReadIsSaid(EventStore.Content content) throws Exception {
        Path missing = dir.resolve("nope");
        Path empty = write("empty.jsonl");
        try (EventStore store = EventStore.open(EventFilter.ALL)) {
            LoadReport report = store.load(List.of(missing, empty), null, content);
            assertTrue(report.nothingRead());
            assertEquals(List.of("could not read " + missing + ": no such file or directory"), report.warnings());
            assertEquals("no events in 1 file (0 lines read)", report.nothingReadReason());
        }
    }

    @ParameterizedTest
    @EnumSource(EventStore.Content.class)
    void linesWithControlCharactersOrBytesThatAreNotUtf8AreJudgedLikeAnyOther(EventStore.Content content) throws Exception {
        Path file = dir.resolve("a.jsonl");
        byte[] notUtf8 = SUCCESS.replace("\"bad\"", "\"x\"").replace("\"r1\"", "\"r\u00ff\"")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] control = FAILURE.replace("\"bad\"", "\"b\u0001d\"").getBytes(StandardCharsets.UTF_8);
        byte[] tabbed = ("{\t" + STATS.substring(1)).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] line : List.of(notUtf8, control, tabbed)) {
            out.write(line);
            out.write('\n');
        }
        Files.write(file, out.toByteArray());
        try (EventStore store = EventStore.open(EventFilter.ALL)) {
            LoadReport report = store.load(List.of(file), null, content);
            assertEquals(3, report.lines());
            assertEquals(2, report.kept());
            assertEquals(1L, report.skipped().get(file), "a raw control character is never JSON");
            try (Statement s = store.connection().createStatement();
                 ResultSet r = s.executeQuery("SELECT request_id, line, event FROM events ORDER BY line")) {
                assertTrue(r.next());
                assertEquals("r\ufffd", r.getString(1), "a byte that is not UTF-8 reads as U+FFFD");
                assertTrue(r.next());
                assertEquals(3, r.getLong(2));
                assertEquals("model_stats", r.getString(3));
                assertFalse(r.next());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EventStore.Content.class)
    void manyFilesReadInParallelKeepTheirOwnNamesLineNumbersAndOrder(EventStore.Content content) throws Exception {
        List<Path> files = new java.util.ArrayList<>();
        for (int f = 0; f < 9; f++) {
            String[] lines = new String[50];
            for (int i = 0; i < lines.length; i++) {
                lines[i] = SUCCESS.replace("\"r1\"", "\"f" + f + "-" + (i + 1) + "\"");
            }
            files.add(write("f" + f + ".jsonl", lines));
        }
        try (EventStore store = EventStore.open(EventFilter.ALL)) {
            LoadReport report = store.load(files, null, content);
            assertEquals(450, report.kept());
            try (Statement s = store.connection().createStatement();
                 // the report's load may store a file again, after the others: its rows keep their lines, not their place
                 ResultSet r = s.executeQuery("SELECT file, line, request_id FROM events"
                         + (content == EventStore.Content.REPORT ? " ORDER BY file, line" : ""))) {
                for (int f = 0; f < 9; f++) {
                    for (int i = 1; i <= 50; i++) {
                        assertTrue(r.next());
                        assertEquals(files.get(f).toString(), r.getString(1));
                        assertEquals(i, r.getLong(2));
                        assertEquals("f" + f + "-" + i, r.getString(3));
                    }
                }
            }
        }
    }

    @Test
    void anEventLongerThanDuckDbsDefaultLineLimitIsRead() throws Exception {
        String big = STATS.replace("\"calls\":1200", "\"note\":\"" + "z".repeat(3 << 20) + "\",\"calls\":1200");
        Path file = write("a.jsonl", SUCCESS, big);
        try (EventStore store = EventStore.open(EventFilter.ALL)) {
            LoadReport report = store.load(List.of(file), null);
            assertEquals(2, report.kept());
            try (Statement s = store.connection().createStatement();
                 ResultSet r = s.executeQuery("SELECT length(raw->>'note') FROM events WHERE event = 'model_stats'")) {
                assertTrue(r.next());
                assertEquals(3 << 20, r.getLong(1));
            }
        }
    }

    @Test
    void readingOnlyTheFieldsGivesTheSameRowsAndCountsAsReadingWholeEvents() throws Exception {
        Path plain = write("a.jsonl", SUCCESS, FAILURE, STATS, "{\"event\":\"prediction_succ", "{\"no_event\":1}", SUCCESS);
        Path blank = write("blank.jsonl", FAILURE, "", SUCCESS, "42");
        Path crOnly = dir.resolve("cr.jsonl");
        Files.writeString(crOnly, SUCCESS + "\r" + STATS + "\r\n" + FAILURE);
        Path gz = dir.resolve("g.jsonl.gz");
        Files.write(gz, gzip(STATS + "\n" + SUCCESS + "\n"));
        String[] many = new String[400];
        for (int i = 0; i < many.length; i++) {
            many[i] = SUCCESS.replace("\"r1\"", "\"r" + i + "\"");
        }
        byte[] whole = gzip(String.join("\n", many) + "\n");
        Path cut = dir.resolve("cut.jsonl.gz");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        List<Path> files = List.of(plain, blank, crOnly, gz, cut);
        String query = "SELECT file, line, event, level, \"timestamp\", request_id, latency_ms, input_hash_truncated, "
                + "input_seen_before, error_msg FROM events ORDER BY file, line";
        List<String> rows = new java.util.ArrayList<>();
        List<LoadReport> reports = new java.util.ArrayList<>();
        List<String> withoutRaw = new java.util.ArrayList<>();
        for (EventStore.Content content : EventStore.Content.values()) {
            try (EventStore store = EventStore.open(EventFilter.ALL)) {
                reports.add(store.load(files, null, content));
                rows.add(rows(store, query));
                withoutRaw.add(rows(store, "SELECT DISTINCT file FROM events WHERE raw IS NULL ORDER BY 1"));
            }
        }
        assertEquals("", withoutRaw.get(0));
        assertEquals(plain + "\n" + gz + "\n", withoutRaw.get(1),
                "the files DuckDB reads line for line are read by it, without raw; the others the staging way");
        assertEquals(reports.get(0), reports.get(1));
        assertEquals(rows.get(0), rows.get(1));
        assertEquals(reports.get(0), reports.get(2));
        assertEquals(rows.get(0), rows.get(2));
        assertEquals(withoutRaw.get(1), withoutRaw.get(2), "the report's load, like the fields', reads those files directly");
        assertEquals(2L, reports.get(0).skipped().get(plain));
        assertTrue(rows.get(0).contains(blank + "|3|prediction_success"), "the line after an empty line keeps its number");
    }

    @Test
    void theReportsLoadGivesEveryInputAndTheWholeOfEveryEventButThePredictions() throws Exception {
        String success2 = SUCCESS.replace("\"r1\"", "\"r3\"").replace("12.5", "99.25");
        Path plain = write("a.jsonl", withId(SUCCESS, 1), withId(STATS, 2), withId(FAILURE, 3),
                "{\"event\":\"prediction_succ", withId(success2, 4));
        Path gz = dir.resolve("g.jsonl.gz");
        Files.write(gz, gzip(withId(STATS, 5) + "\n" + withId(FAILURE, 6) + "\n"));
        Path noIds = write("b.jsonl", withId(SUCCESS, 7), STATS, withId(success2, 8));
        List<Path> files = List.of(plain, gz, noIds);
        String query = "SELECT file, event_id, event, CAST(input AS VARCHAR), "
                + "CASE WHEN event NOT LIKE 'prediction_%' THEN raw END FROM events ORDER BY file, event_id";
        String whole;
        try (EventStore store = EventStore.open(EventFilter.ALL)) {
            store.load(files, null, EventStore.Content.WHOLE);
            whole = rows(store, query);
        }
        try (EventStore store = EventStore.open(EventFilter.ALL)) {
            LoadReport report = store.load(files, null, EventStore.Content.REPORT);
            assertEquals(whole, rows(store, query), "every input parsed alike, every other event's raw kept");
            assertEquals(1L, report.skipped().get(plain));
            assertEquals(9, report.kept());
            assertEquals("", rows(store, "SELECT line FROM events WHERE file = '" + plain + "' AND raw IS NOT NULL "
                    + "AND event LIKE 'prediction_%'"), "a prediction's line is not stored where DuckDB read it");
            assertEquals("4\n", rows(store, "SELECT count(*) FROM events WHERE file = '" + plain + "' AND line IS NULL"),
                    "read without its order: no line numbers");
            assertEquals("1|prediction_success\n2|model_stats\n3|prediction_success\n", rows(store, "SELECT line, event "
                    + "FROM events WHERE file = '" + noIds + "' ORDER BY line"),
                    "a file with an event without an event_id is read in order and numbered");
            assertTrue(whole.contains("99.25"), whole);
        }
    }

    /** {@code line} with an {@code event_id} whose last digits are {@code n}. */
    private static String withId(String line, int n) {
        return "{\"event_id\":\"" + String.format("%032x", n) + "\"," + line.substring(1);
    }

    @Test
    void aLineTheReportsLoadTookForAPredictionThatIsNotOneHasItsFileReadWhole() throws Exception {
        String disguised = STATS.replace("\"calls\":1200", "\"last\":{\"event\":\"prediction_success\"},\"calls\":1200");
        Path file = write("a.jsonl", SUCCESS, disguised, FAILURE);
        try (EventStore store = EventStore.open(EventFilter.ALL)) {
            LoadReport report = store.load(List.of(file), null, EventStore.Content.REPORT);
            assertEquals(3, report.kept());
            assertEquals(0, report.skipped().size());
            assertEquals("2|model_stats|1200\n", rows(store, "SELECT line, event, raw->>'calls' FROM events "
                    + "WHERE event = 'model_stats'"));
            assertEquals("3\n", rows(store, "SELECT count(*) FROM events WHERE raw IS NOT NULL"),
                    "the file was read the staging way, every line whole");
        }
    }

    @Test
    void aQueryThatUsesRawInputOutputOrEveryColumnNeedsTheWholeEvent() {
        assertEquals(EventStore.Content.FIELDS, QueryContent.of("select count(*) from events"));
        assertEquals(EventStore.Content.FIELDS, QueryContent.of(
                "SELECT model_version, quantile_cont(latency_ms, 0.99) FROM events WHERE input_hash IS NOT NULL GROUP BY ALL"));
        assertEquals(EventStore.Content.WHOLE, QueryContent.of("SELECT * FROM events"));
        assertEquals(EventStore.Content.WHOLE, QueryContent.of("SELECT raw->>'calls' FROM events"));
        assertEquals(EventStore.Content.WHOLE, QueryContent.of("SELECT e.input.values['amount'] FROM events e"));
        assertEquals(EventStore.Content.WHOLE, QueryContent.of("SELECT max(output.\"value\") FROM events"));
        assertEquals(EventStore.Content.WHOLE, QueryContent.of("DESCRIBE events"));
        assertEquals(EventStore.Content.WHOLE, QueryContent.of("SELEKT nonsense"));
    }

    private static String rows(EventStore store, String query) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Statement s = store.connection().createStatement(); ResultSet r = s.executeQuery(query)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                for (int c = 1; c <= columns; c++) {
                    out.append(r.getString(c)).append(c == columns ? "\n" : "|");
                }
            }
        }
        return out.toString();
    }

    private List<String> requestIds(EventStore store) throws SQLException {
        try (Statement s = store.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT request_id FROM events ORDER BY request_id")) {
            List<String> ids = new java.util.ArrayList<>();
            while (r.next()) {
                ids.add(r.getString(1));
            }
            return ids;
        }
    }

    private Path write(String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, lines.length == 0 ? "" : String.join("\n", lines) + "\n");
        return p;
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
