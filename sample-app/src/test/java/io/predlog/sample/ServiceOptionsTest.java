package io.predlog.sample;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ServiceOptionsTest {
    @Test
    void defaultsServeOnPort8080() {
        ServiceOptions o = ServiceOptions.parse(new String[0], Map.of());

        assertEquals(new ServiceOptions(8080, 4, 8, 2000, 0, 42), o);
    }

    @Test
    void thePortComesFromTheEnvironmentUnlessGivenOnTheCommandLine() {
        assertEquals(9000, ServiceOptions.parse(new String[0], Map.of("SAMPLE_APP_PORT", "9000")).port());
        assertEquals(0, ServiceOptions.parse(new String[] {"--port", "0"}, Map.of("SAMPLE_APP_PORT", "9000")).port());
    }

    @Test
    void workloadModeTakesACountAndASeed() {
        ServiceOptions o = ServiceOptions.parse(new String[] {"--workload", "500", "--seed", "7"}, Map.of());

        assertEquals(500, o.workload());
        assertEquals(7, o.seed());
    }

    @Test
    void badOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ServiceOptions.parse(new String[] {"--port"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ServiceOptions.parse(new String[] {"--port", "x"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ServiceOptions.parse(new String[] {"--port", "70000"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ServiceOptions.parse(new String[] {"--bogus", "1"}, Map.of()));
    }
}
