package io.predlog.agent.metrics;

import io.predlog.agent.config.ConfigKeys;
import io.predlog.agent.config.ConfigLoader;
import io.predlog.agent.config.ConfigResult;
import io.predlog.agent.sink.SinkFactories;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** predlog.metrics.port and predlog.metrics.host: off by default, loopback by default, bad values name their key. */
class MetricsConfigTest {

    private static ConfigResult load(String agentArgs) {
        return ConfigLoader.load(agentArgs, new Properties(), Map.of(), "test", SinkFactories.load().names());
    }

    private static String onlyError(ConfigResult result) {
        assertEquals(1, result.errors().size(), result.errors().toString());
        return result.errors().get(0).describe();
    }

    @Test
    void noPortByDefaultAndTheHostIsLoopback() {
        ConfigResult result = load("");
        assertTrue(result.errors().isEmpty(), result.errors().toString());
        assertNull(result.config().value(ConfigKeys.METRICS_PORT.name()), "no port: no endpoint");
        assertEquals("127.0.0.1", result.config().value(ConfigKeys.METRICS_HOST.name()));
    }

    @Test
    void aPortOutsideZeroTo65535OrNotANumberIsAnErrorNamingTheKey() {
        for (String bad : new String[] {"65536", "-1", "http"}) {
            String error = onlyError(load("metrics.port=" + bad));
            assertTrue(error.contains("predlog.metrics.port"), error);
        }
        ConfigResult ok = load("metrics.port=9464,metrics.host=0.0.0.0");
        assertTrue(ok.errors().isEmpty(), ok.errors().toString());
        assertEquals(9464, ok.config().number(ConfigKeys.METRICS_PORT));
    }

    @Test
    void aBlankHostIsAnErrorNamingTheKey() {
        String error = onlyError(load("metrics.port=9464,metrics.host= "));
        assertTrue(error.contains("predlog.metrics.host"), error);
    }
}
