package io.predlog.cli.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.predlog.cli.report.DemoNights.Night;
import io.predlog.cli.report.DemoNights.Phase;
import io.predlog.cli.report.DemoNights.Plan;

/**
 * {@code predlog report} on the demo's bad night as it really runs ({@code scripts/demo.sh}: the sample service under
 * the real agent), shortened: each of the five incidents alone, all five together, and clean nights of several seeds.
 * Each incident is found, about its model (and version, or field), with its onset in the phase that planted it; a
 * night without it does not report it; a clean night gets a clean bill. Tagged {@code demo-nights}, so that
 * {@code -Dpredlog.test.excludedGroups=demo-nights} can leave its few minutes out while working on something else
 * (docs/CLI.md, "The report on the demo's nights").
 */
@Tag("demo-nights")
class DemoNightsTest {

    private static final int[] CLEAN_SEEDS = {21, 22};
    private static Map<String, Night> nights;

    @BeforeAll
    static void runTheNights() throws Exception {
        nights = DemoNights.run(List.of(
                new Plan("all", "all", 16),
                new Plan("crash", "crash", 14),
                new Plan("latency", "latency", 11),
                new Plan("version", "version", 12),
                new Plan("drift", "drift", 13),
                new Plan("wedge", "wedge", 15),
                new Plan("clean-21", "none", CLEAN_SEEDS[0]),
                new Plan("clean-22", "none", CLEAN_SEEDS[1])));
    }

    private static List<JsonNode> findings(JsonNode report) {
        return StreamSupport.stream(report.get("findings").spliterator(), false).toList();
    }

    /** The finding of {@code kind} about {@code model} (null: about no model); fails showing all findings if none. */
    private static JsonNode finding(JsonNode report, String kind, String model) {
        return findings(report).stream()
                .filter(f -> f.get("kind").asText().equals(kind))
                .filter(f -> model == null || model.equals(f.get("model_id").asText(null)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " finding about " + model + ":\n" + report.toPrettyString()));
    }

    /** Asserts the finding's onset lies in the phase that began at {@code planted}, or the bucket (1 s) before it. */
    private static void assertOnsetIn(JsonNode finding, Instant planted) {
        assertOnsetIn(finding, planted, Duration.ofSeconds(1));
    }

    /** As above, with the onset allowed {@code before} the phase (a statistics window is a phase long). */
    private static void assertOnsetIn(JsonNode finding, Instant planted, Duration before) {
        Instant onset = Instant.parse(finding.get("onset").asText());
        Instant earliest = planted.minus(before);
        Instant latest = planted.plus(Night.phase());
        assertTrue(!onset.isBefore(earliest) && !onset.isAfter(latest), () -> "onset " + onset + " is not within "
                + earliest + " to " + latest + ":\n" + finding.toPrettyString());
    }

    private static void assertKindsWithin(JsonNode report, Set<String> allowed) {
        for (JsonNode f : findings(report)) {
            assertTrue(allowed.contains(f.get("kind").asText()), () -> "unexpected " + f.get("kind").asText() + ":\n"
                    + report.toPrettyString());
        }
    }

    private static void assertLatencyEpisode(Night night, JsonNode report) {
        JsonNode latency = finding(report, "latency_by_size", "embed-sim");
        assertOnsetIn(latency, night.start(Phase.LONG_LISTS));
        // a sequence reaches the model as one float[] of 64 values a vector: over 1,000 vectors is over 64,000 values
        String headline = latency.get("headline").asText();
        Matcher sizes = Pattern.compile("its slow calls' input size p50 (\\d+) \\(outside it p50 (\\d+)\\)").matcher(headline);
        assertTrue(sizes.find(), headline);
        assertTrue(Long.parseLong(sizes.group(1)) >= 1_024 * 64 && Long.parseLong(sizes.group(1)) <= 2_048 * 64
                && Long.parseLong(sizes.group(2)) == 64, headline);
        assertTrue(headline.contains(" times its steady state"), headline);
    }

    private static void assertBadVersion(Night night, JsonNode report) {
        JsonNode onset = finding(report, "error_rate_onset", "churn");
        String headline = onset.get("headline").asText();
        assertTrue(headline.startsWith("churn v4 loaded ") && headline.contains("model churn v4: failures from"), headline);
        assertTrue(onset.get("evidence").toString().contains("MissingFeatureException"), onset.toString());
        assertOnsetIn(onset, night.start(Phase.PARTNER_BATCH));
        assertTrue(findings(report).stream().anyMatch(f -> f.toString().contains("field plan missing")),
                () -> "no finding names the missing field plan:\n" + report.toPrettyString());
    }

    private static void assertDrift(Night night, JsonNode report) {
        // one drift finding per model version: with v4 loaded later in the night, churn v4 may have its own (plan)
        JsonNode drift = findings(report).stream()
                .filter(f -> f.get("kind").asText().equals("drift") && "churn".equals(f.get("model_id").asText(null)))
                .filter(f -> f.get("headline").asText().contains("input drift in monthly_charges"))
                .findFirst().orElseThrow(() -> new AssertionError("no drift of churn in monthly_charges:\n"
                        + report.toPrettyString()));
        assertOnsetIn(drift, night.start(Phase.DRIFT), Night.phase()); // the window it was found in, aligned to UTC
    }

    private static void assertCrash(Night night, JsonNode report) {
        String hostile = night.opening().get(Phase.HOSTILE);
        JsonNode crash = findings(report).stream()
                .filter(f -> f.get("kind").asText().equals("unfinished_calls") && f.get("headline").asText().contains(" died with "))
                .findFirst().orElseThrow(() -> new AssertionError("no dead process:\n" + report.toPrettyString()));
        assertTrue(crash.get("evidence").toString().contains(hostile), () -> "the hostile request " + hostile + " is not named: "
                + crash.toPrettyString());
        assertOnsetIn(crash, night.start(Phase.HOSTILE));
    }

    private static void assertWedge(Night night, JsonNode report) {
        JsonNode stopped = finding(report, "predictions_stopped", "churn");
        assertOnsetIn(stopped, night.start(Phase.WEDGE));
    }

    @Test
    void longListsAloneAreALatencyEpisodeOfEmbedSimInTheirPhaseExplainedByTheirLength() throws Exception {
        Night night = nights.get("latency");
        night.assertBusyEnough();
        night.assertLongListsEnough();
        JsonNode report = night.report();
        assertLatencyEpisode(night, report);
        assertKindsWithin(report, Set.of("latency_by_size", "slow_call_attributes"));
    }

    @Test
    void theNewVersionAloneIsNamedWithItsLoadAndItsFailuresFromThePartnersBatchOnTheMissingPlan() throws Exception {
        Night night = nights.get("version");
        night.assertBusyEnough();
        JsonNode report = night.report();
        assertBadVersion(night, report);
        // while v4 is loaded the partner is away: its customers' missing plan leaves the inputs, which is drift in plan
        assertKindsWithin(report, Set.of("error_rate_onset", "failure_attributes", "data_quality", "drift"));
        findings(report).stream().filter(f -> f.get("kind").asText().equals("drift")).forEach(f ->
                assertTrue(f.get("headline").asText().matches(".*input drift in plan from .*"), f.toString()));
    }

    @Test
    void theDriftAloneIsFoundOnMonthlyChargesInItsPhase() throws Exception {
        Night night = nights.get("drift");
        night.assertBusyEnough();
        JsonNode report = night.report();
        assertDrift(night, report);
        assertKindsWithin(report, Set.of("drift", "data_quality"));
    }

    @Test
    void theCrashAloneIsTheDeadProcessNamingTheHostileRequest() throws Exception {
        Night night = nights.get("crash");
        night.assertBusyEnough();
        JsonNode report = night.report();
        assertCrash(night, report);
        assertKindsWithin(report, Set.of("unfinished_calls"));
    }

    @Test
    void theWedgeAloneIsPredictionsThatStoppedWhenItsInputArrived() throws Exception {
        Night night = nights.get("wedge");
        night.assertBusyEnough();
        JsonNode report = night.report();
        assertWedge(night, report);
        assertKindsWithin(report, Set.of("predictions_stopped"));
    }

    @Test
    void allFiveTogetherAreEachFound() throws Exception {
        Night night = nights.get("all");
        night.assertBusyEnough();
        night.assertLongListsEnough();
        JsonNode report = night.report();
        assertLatencyEpisode(night, report);
        assertBadVersion(night, report);
        assertDrift(night, report);
        assertCrash(night, report);
        assertWedge(night, report);
    }

    @ParameterizedTest
    @ValueSource(ints = {21, 22})
    void aCleanNightGetsACleanBillWhateverTheSeed(int seed) throws Exception {
        Night night = nights.get("clean-" + seed);
        night.assertBusyEnough();
        JsonNode report = night.report();
        assertTrue(report.get("clean").asBoolean(), () -> night.name() + ":\n" + report.toPrettyString());
        assertTrue(report.get("predictions").asLong() > 200, () -> "too few predictions to judge: " + report.toPrettyString());
        assertTrue(Duration.between(night.start(Phase.CALM), night.start(Phase.WEDGE)).toSeconds() >= 15, night.output());
    }
}
