package io.predlog.sample.model;

import io.predlog.sample.workload.BadNight;
import io.predlog.sample.workload.InputGenerator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's out-of-memory incident: the churn model's tenure curve allocates one entry per month of tenure,
 * so one hostile input kills a JVM with a small heap. Each case runs in a child JVM with {@code -Xmx64m} and
 * {@code -XX:+ExitOnOutOfMemoryError} (exit status 3), as the demo runs the service.
 */
class HostileInputTest {

    /** The child: scores one churn v1 customer with the given tenure and prints the probability. */
    public static void main(String[] args) {
        Map<String, Object> customer = new InputGenerator(1).customer();
        customer.put("tenure_months", Long.parseLong(args[0]));
        TabularModel v1 = (TabularModel) new ModelRegistry().load("churn", "v1");
        System.out.println("probability " + v1.predict(customer).probability());
    }

    @Test
    void theHostileTenureExhaustsA64MegabyteHeapAndTheProcessDies() throws Exception {
        Child child = runChild(BadNight.HOSTILE_TENURE_MONTHS);

        assertEquals(3, child.status(), child.output());
        assertTrue(child.output().contains("Terminating due to java.lang.OutOfMemoryError: Java heap space"), child.output());
        assertFalse(child.output().contains("probability"), child.output());
    }

    @Test
    void theSameCustomerWithAPlausibleTenureIsScoredUnderTheSameHeap() throws Exception {
        Child child = runChild(72);

        assertEquals(0, child.status(), child.output());
        assertTrue(child.output().startsWith("probability 0."), child.output());
    }

    @Test
    void theCurveIsTheMeanSurvivalOverTheMonthsTimesTheWeight() {
        TenureCurve curve = new TenureCurve("tenure_months", 0.5, 2.0);

        assertEquals(2.0 * (1 + 0.5 + 0.25) / 3, curve.contribution(3), 1e-12);
        assertEquals(0.0, curve.contribution(0), 0.0);
    }

    private record Child(int status, String output) {
    }

    private static Child runChild(long tenure) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), HostileInputTest.class.getName(), Long.toString(tenure)))
                .redirectErrorStream(true)
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not end within 60 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Child(process.exitValue(), output);
    }
}
