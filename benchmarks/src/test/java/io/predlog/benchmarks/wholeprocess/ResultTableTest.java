package io.predlog.benchmarks.wholeprocess;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultTableTest {

    private static final Cases.Case LOOP = new Cases.Case("map18-typical", Cases.Kind.LOOP, List.of("1", "1"),
            "A#predict", "A[predict]", Map.of(), List.of());

    @Test
    void eachRowShowsTheMediansWhatEachAgentAddsAndTheRatioOfTheAdditions() {
        ResultTable table = new ResultTable();
        for (double none : new double[]{100, 140, 120}) {
            table.add(LOOP, Agent.NONE, Map.of("wall_ns", none));
        }
        for (double predlog : new double[]{900, 700, 800}) {
            table.add(LOOP, Agent.PREDLOG, Map.of("wall_ns", predlog, "kept_pct", 100.0));
        }
        for (double otel : new double[]{1500, 1400, 1520}) {
            table.add(LOOP, Agent.OTEL, Map.of("wall_ns", otel));
        }
        assertEquals(800.0, table.median("map18-typical", Agent.PREDLOG, "wall_ns"));
        List<String> lines = table.markdown();
        assertTrue(lines.contains("| map18-typical | wall ns/call | 120 | 800 | 1,500 | +680 | +1,380 | 0.49× | +567 % |"),
                String.join("\n", lines));
        assertTrue(lines.contains("| map18-typical | events kept, % of calls | – | 100 | – | – | – | – | – |"),
                String.join("\n", lines));
        assertEquals(4, lines.size(), "metrics no agent measured are left out: " + lines);
    }

    @Test
    void aBaselineBuildGetsItsMedianItsAdditionAndTheRatioOfThisBuildsAdditionToIt() {
        ResultTable table = new ResultTable();
        for (double none : new double[]{100, 140, 120}) {
            table.add(LOOP, Agent.NONE, Map.of("wall_ns", none));
        }
        for (double predlog : new double[]{900, 700, 800}) {
            table.add(LOOP, Agent.PREDLOG, Map.of("wall_ns", predlog));
        }
        for (double baseline : new double[]{1100, 1060, 1000}) {
            table.add(LOOP, Agent.BASELINE, Map.of("wall_ns", baseline));
        }
        List<String> lines = table.markdown();
        assertTrue(lines.get(0).endsWith("| predlog baseline | baseline added | predlog added ÷ baseline added |"),
                lines.get(0));
        assertEquals(12, lines.get(1).split("\\|", -1).length - 2, "a rule for each of 12 columns: " + lines.get(1));
        assertTrue(lines.contains("| map18-typical | wall ns/call | 120 | 800 | – | +680 | – | – | +567 % |"
                + " 1,060 | +940 | 0.72× |"), String.join("\n", lines));
    }

    @Test
    void withoutABaselineTheTableHasNoColumnsForIt() {
        ResultTable table = new ResultTable();
        table.add(LOOP, Agent.NONE, Map.of("wall_ns", 100.0));
        table.add(LOOP, Agent.PREDLOG, Map.of("wall_ns", 200.0));
        assertTrue(table.markdown().stream().noneMatch(line -> line.contains("baseline")), table.markdown().get(0));
    }

    @Test
    void numbersKeepThreeSignificantPlacesOrSo() {
        assertEquals("1,234", ResultTable.number(1234.4));
        assertEquals("12.3", ResultTable.number(12.34));
        assertEquals("1.23", ResultTable.number(1.234));
        assertEquals("-0.04", ResultTable.signed(-0.04));
        assertEquals("–", ResultTable.ratio(5, -1, 100));
        assertEquals("2.00×", ResultTable.ratio(4, 2, 100));
        assertEquals("–", ResultTable.ratio(200, 0.1, 203), "an addition within the noise of the baseline");
        assertEquals("+1.5 %", ResultTable.percent(1.2, 80));
        assertEquals("-2.5 %", ResultTable.percent(-2, 80));
        assertEquals("+1,250 %", ResultTable.percent(1000, 80));
        assertEquals("–", ResultTable.percent(Double.NaN, 80));
    }
}
