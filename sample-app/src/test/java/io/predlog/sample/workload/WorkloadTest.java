package io.predlog.sample.workload;

import io.predlog.sample.SampleService;
import io.predlog.sample.service.PredictionService;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkloadTest {
    private static List<String> run(int n, long seed) throws InterruptedException {
        try (PredictionService service = SampleService.startService(3, 30_000)) {
            return Workload.lines(service, n, seed);
        }
    }

    @Test
    void twoRunsWithTheSameSeedPrintTheSameLines() throws InterruptedException {
        assertEquals(run(300, 42), run(300, 42));
    }

    @Test
    void anotherSeedPrintsOtherLines() throws InterruptedException {
        assertNotEquals(run(50, 42), run(50, 43));
    }

    @Test
    void oneLinePerPredictionWithTheSwitchHalfwayAndSomeFailures() throws InterruptedException {
        List<String> lines = run(200, 7);

        assertEquals(200, lines.size());
        assertTrue(lines.get(0).startsWith("0000 "), lines.get(0));
        assertTrue(lines.subList(0, 100).stream().noneMatch(l -> l.contains(" v2 ")));
        assertTrue(lines.subList(100, 200).stream().noneMatch(l -> l.contains(" v1 ")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("churn v1 {\"label\"")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("embed-sim v2 {\"label\"")));
        assertTrue(lines.stream().anyMatch(l -> l.contains(" error MissingFeatureException: missing feature '")));
        assertTrue(lines.stream().anyMatch(l -> l.contains(" error DimensionMismatchException: expected a vector of 64")));
    }
}
