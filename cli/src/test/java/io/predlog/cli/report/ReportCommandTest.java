package io.predlog.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.predlog.cli.CommandRunner;
import io.predlog.cli.fixture.AgentLogs;
import io.predlog.cli.report.IncidentLog.Incident;

class ReportCommandTest {

    @TempDir
    Path dir;

    private static JsonNode json(Path... paths) throws Exception {
        String[] args = new String[paths.length + 2];
        args[0] = "report";
        args[1] = "--json";
        for (int i = 0; i < paths.length; i++) {
            args[i + 2] = paths[i].toString();
        }
        CommandRunner.Run run = CommandRunner.run(args);
        assertEquals(0, run.exit(), run.err());
        return new ObjectMapper().readTree(run.out());
    }

    private static List<String> kinds(JsonNode report) {
        return StreamSupport.stream(report.get("findings").spliterator(), false).map(f -> f.get("kind").asText()).toList();
    }

    private static String headlines(JsonNode report) {
        return report.get("findings").toPrettyString();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void aCleanRunGetsACleanBillWhateverTheSeed(long seed) throws Exception {
        JsonNode report = json(IncidentLog.write(dir.resolve("clean.jsonl"), seed));
        assertTrue(report.get("clean").asBoolean(), () -> headlines(report));
        assertEquals(36_000, report.get("predictions").asLong());
        CommandRunner.Run text = CommandRunner.run("report", dir.resolve("clean.jsonl").toString());
        assertEquals(0, text.exit());
        assertTrue(text.out().contains("Clean bill: nothing stands out."), text.out());
    }

    @ParameterizedTest
    @EnumSource(Incident.class)
    void eachIncidentIsFoundAlone(Incident incident) throws Exception {
        JsonNode report = json(IncidentLog.write(dir.resolve("incident.jsonl"), 11, incident));
        String expected = switch (incident) {
            case BAD_VERSION -> "error_rate_onset";
            case MISSING_FIELD, NAN_VALUES, OUT_OF_RANGE -> "data_quality";
            case SLOW_LARGE_INPUTS, LARGE_INPUT_BURST -> "latency_by_size";
            case DRIFT -> "drift";
            case STOPPED -> "predictions_stopped";
            case CRASH -> "unfinished_calls";
        };
        assertTrue(kinds(report).contains(expected), () -> incident + ": " + headlines(report));
    }

    @Test
    void aNewVersionThatFailsIsNamedWithItsLoadAndOnset() throws Exception {
        JsonNode report = json(IncidentLog.write(dir.resolve("v2.jsonl.gz"), 5, Incident.BAD_VERSION));
        JsonNode f = report.get("findings").get(0);
        assertEquals("error_rate_onset", f.get("kind").asText(), headlines(report));
        String headline = f.get("headline").asText();
        assertTrue(headline.startsWith("fraud v2 loaded 2026-11-27 02:29:40Z;"), headline);
        assertTrue(headline.contains("failures from 2026-11-27 02:30:"), headline);
        assertTrue(f.get("see").toString().contains("./predlog compare --model fraud v1 v2"), f.toString());
    }

    @Test
    void theMissingFieldIsWhatSeparatesTheFailingCalls() throws Exception {
        JsonNode report = json(IncidentLog.write(dir.resolve("missing.jsonl"), 6, Incident.MISSING_FIELD));
        JsonNode attributes = StreamSupport.stream(report.get("findings").spliterator(), false)
                .filter(f -> f.get("kind").asText().equals("failure_attributes")).findFirst().orElseThrow(() -> new AssertionError(headlines(report)));
        assertTrue(attributes.get("evidence").toString().contains("field age missing: 9"), attributes.toString());
    }

    @Test
    void allIncidentsTogetherAreEachFound() throws Exception {
        JsonNode report = json(IncidentLog.write(dir.resolve("all.jsonl"), 9, Incident.values()));
        List<String> kinds = kinds(report);
        for (String kind : List.of("error_rate_onset", "data_quality", "latency_by_size", "drift", "predictions_stopped",
                "unfinished_calls", "failure_attributes")) {
            assertTrue(kinds.contains(kind), () -> kind + " missing: " + headlines(report));
        }
        assertEquals("HIGH", report.get("findings").get(0).get("severity").asText());
    }

    /**
     * While the burst lasts its slow calls are seven in ten of the model's calls in each minute: measured against the
     * median of their own minute they would not stand out, and the incident would hide itself.
     */
    @Test
    void aBurstOfSlowCallsThatAreMostOfTheModelsCallsIsStillAnEpisode() throws Exception {
        JsonNode report = json(IncidentLog.write(dir.resolve("burst.jsonl"), 13, Incident.LARGE_INPUT_BURST));
        JsonNode episode = StreamSupport.stream(report.get("findings").spliterator(), false)
                .filter(f -> f.get("kind").asText().equals("latency_by_size"))
                .filter(f -> f.get("headline").asText().contains("times its steady state"))
                .findFirst().orElseThrow(() -> new AssertionError("no latency episode: " + headlines(report)));
        String headline = episode.get("headline").asText();
        assertTrue(headline.startsWith("model embed: p99 latency ") && headline.contains(" from 2026-11-27 02:30:")
                && headline.contains("its slow calls' input size p50 40000"), headline);
    }

    @Test
    void filesWithoutEventsExitOneAndSayWhy() throws Exception {
        Path empty = java.nio.file.Files.writeString(dir.resolve("empty.jsonl"), "not an event\n");
        CommandRunner.Run run = CommandRunner.run("report", empty.toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("no events in 1 file"), run.err());
    }

    @Test
    void theRealAgentsFilesShowTheFailingVersionItsInputsAndTheCrash() throws Exception {
        JsonNode report = json(AgentLogs.fraud());
        String all = headlines(report);
        List<String> kinds = kinds(report);
        assertTrue(kinds.contains("error_rate_onset"), all);
        assertTrue(kinds.contains("unfinished_calls"), all);
        assertTrue(all.contains("input.values['amount'] >"), all);
        assertTrue(all.contains("fraud v2"), all);
    }
}
