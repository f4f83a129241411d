package io.predlog.benchmarks.wholeprocess;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultLineTest {

    @Test
    void metricsPrintedByAWorkloadAreReadBackInOrder() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("wall_ns", 1234.5);
        metrics.put("calls", 800000.0);
        String line = ResultLine.format(metrics);
        assertEquals("RESULT wall_ns=1234.5 calls=800000.0", line);
        assertEquals(metrics, ResultLine.parse(line));
    }

    @Test
    void otherLinesAreNotResults() {
        assertFalse(ResultLine.isResult("THREAD 1 2 0 main"));
        assertTrue(ResultLine.isResult("RESULT a=1"));
    }

    @Test
    void aMalformedPairOrNameIsAnErrorQuotingIt() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResultLine.parse("RESULT a=1 b=x"))
                .getMessage().contains("b=x"));
        assertThrows(IllegalArgumentException.class, () -> ResultLine.parse("RESULT =1"));
        assertThrows(IllegalArgumentException.class, () -> ResultLine.parse("wall_ns=1"));
        assertThrows(IllegalArgumentException.class, () -> ResultLine.format(Map.of("two words", 1.0)));
    }
}
