package io.predlog.sample.workload;

import io.predlog.sample.json.Json;
import io.predlog.sample.workload.BadNight.Incident;
import io.predlog.sample.workload.BadNight.Phase;
import io.predlog.sample.workload.BadNight.Request;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plan of the demo's night: what each phase sends. */
class BadNightTest {

    @Test
    void inTheDriftPhaseMonthlyChargesMovesUpByTwoStandardDeviationsAndTotalChargesStays() {
        List<Map<String, Object>> calm = churnInputs(Phase.LONG_LISTS, 4000);
        List<Map<String, Object>> drift = churnInputs(Phase.DRIFT, 4000);
        double sd = InputGenerator.MONTHLY_CHARGES_SD;

        double moved = mean(drift, "monthly_charges") - mean(calm, "monthly_charges");
        assertEquals(2 * sd, moved, 0.1 * sd, "mean of monthly_charges moved by " + moved);
        assertEquals(sd, standardDeviation(drift, "monthly_charges"), 0.05 * sd, "its spread stays");
        double total = mean(drift, "total_charges") - mean(calm, "total_charges");
        assertTrue(Math.abs(total) < 0.1 * standardDeviation(calm, "total_charges"), "total_charges moved by " + total);
    }

    @Test
    void onlyTheNewClientOfTheLongListsPhaseSendsEmbedSimSequencesOfOverAThousandVectors() {
        for (Phase phase : Phase.values()) {
            BadNight night = new BadNight(3);
            for (int i = 0; i < 1000; i++) {
                assertTrue(!night.next(phase).kind().equals("vector_sequence"), "routine traffic of " + phase.label());
            }
            Optional<Request> client = night.newClient(phase);
            if (phase == Phase.LONG_LISTS) {
                for (int i = 0; i < 20; i++) {
                    Request r = night.newClient(phase).orElseThrow();
                    assertEquals("vector_sequence", r.kind());
                    List<?> input = (List<?>) r.body().get("input");
                    assertTrue(input.size() > 1000 && input.size() <= BadNight.MAX_SEQUENCE_VECTORS, "length " + input.size());
                    assertEquals(64, ((float[]) input.get(0)).length);
                }
            } else {
                assertEquals(Optional.empty(), client, phase.label());
            }
        }
    }

    @Test
    void customersWithoutAPlanComeInEveryPhaseButTheNewVersionsWhenItIsPlanted() {
        for (boolean planted : new boolean[] {true, false}) {
            for (Phase phase : Phase.values()) {
                BadNight night = planted ? new BadNight(4) : new BadNight(4, EnumSet.noneOf(Incident.class));
                long withoutPlan = 0;
                for (int i = 0; i < 1000; i++) {
                    Request r = night.next(phase);
                    if (r.body() != null && r.body().get("input") instanceof Map<?, ?> input && !input.containsKey("plan")) {
                        withoutPlan++;
                    }
                }
                boolean expected = !(planted && phase == Phase.NEW_VERSION);
                assertEquals(expected, withoutPlan > 50, phase.label() + ": " + withoutPlan + " without a plan");
            }
        }
    }

    @Test
    void threePhasesOpenWithTheirTrigger() {
        BadNight night = new BadNight(5);

        Request hostile = night.opening(Phase.HOSTILE).orElseThrow();
        assertEquals(BadNight.HOSTILE_TENURE_MONTHS, input(hostile).get("tenure_months"));
        Request load = night.opening(Phase.NEW_VERSION).orElseThrow();
        assertEquals("/models/load", load.path());
        assertEquals(Map.of("model", "churn", "version", "v4"), load.body());
        Request blank = night.opening(Phase.WEDGE).orElseThrow();
        assertEquals("", input(blank).get("country"));
        for (Phase quiet : List.of(Phase.CALM, Phase.LONG_LISTS, Phase.DRIFT, Phase.PARTNER_BATCH)) {
            assertEquals(Optional.empty(), night.opening(quiet), quiet.label());
        }
    }

    @Test
    void aNightWithoutAnIncidentSendsItsPhaseCalmTraffic() {
        BadNight clean = new BadNight(6, EnumSet.noneOf(Incident.class));
        for (Phase phase : Phase.values()) {
            assertEquals(Optional.empty(), clean.opening(phase), phase.label());
            assertEquals(Optional.empty(), clean.newClient(phase), phase.label());
            for (int i = 0; i < 1000; i++) {
                String kind = clean.next(phase).kind();
                assertTrue(!kind.equals("vector_sequence") && !kind.equals("churn_shifted"), phase.label() + ": " + kind);
            }
        }
        BadNight crashOnly = new BadNight(6, EnumSet.of(Incident.CRASH));
        assertTrue(crashOnly.opening(Phase.HOSTILE).isPresent());
        assertEquals(Optional.empty(), crashOnly.opening(Phase.NEW_VERSION));
        assertEquals(Optional.empty(), crashOnly.opening(Phase.WEDGE));
    }

    @Test
    void incidentsAreNamedOnTheCommandLineByLabelAllOrNone() {
        assertEquals(EnumSet.allOf(Incident.class), Incident.parse("all"));
        assertEquals(EnumSet.noneOf(Incident.class), Incident.parse("none"));
        assertEquals(EnumSet.of(Incident.LATENCY, Incident.WEDGE), Incident.parse("wedge,latency"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Incident.parse("latency,oom"));
        assertTrue(e.getMessage().contains("'oom'") && e.getMessage().contains("latency, version, drift, crash, wedge"),
                e.getMessage());
    }

    @Test
    void theSameSeedPlansTheSameNight() {
        BadNight a = new BadNight(9);
        BadNight b = new BadNight(9);
        for (Phase phase : Phase.values()) {
            for (int i = 0; i < 50; i++) {
                assertEquals(describe(a.next(phase)), describe(b.next(phase)));
            }
        }
    }

    @Test
    void actOneEndsWithTheHostileInputAndActTwoBeginsWithTheNewVersion() {
        assertEquals(List.of(1, 1, 1, 1, 2, 2, 2), List.of(Phase.values()).stream().map(Phase::act).toList());
        assertEquals(Phase.HOSTILE, Phase.values()[3]);
        assertEquals(Phase.NEW_VERSION, Phase.values()[4]);
    }

    private static String describe(Request r) {
        return r.kind() + " " + r.path() + " " + Json.write(r.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> input(Request r) {
        return (Map<String, Object>) r.body().get("input");
    }

    private static List<Map<String, Object>> churnInputs(Phase phase, int n) {
        BadNight night = new BadNight(8);
        List<Map<String, Object>> out = new ArrayList<>();
        while (out.size() < n) {
            Request r = night.next(phase);
            if (r.kind().equals("churn") || r.kind().equals("churn_shifted")) { // the partner's customers are neither
                out.add(input(r));
            }
        }
        return out;
    }

    private static double mean(List<Map<String, Object>> rows, String feature) {
        return rows.stream().mapToDouble(number(feature)).average().orElseThrow();
    }

    private static double standardDeviation(List<Map<String, Object>> rows, String feature) {
        double mean = mean(rows, feature);
        return Math.sqrt(rows.stream().mapToDouble(number(feature)).map(x -> (x - mean) * (x - mean)).average().orElseThrow());
    }

    private static ToDoubleFunction<Map<String, Object>> number(String feature) {
        return row -> ((Number) row.get(feature)).doubleValue();
    }
}
