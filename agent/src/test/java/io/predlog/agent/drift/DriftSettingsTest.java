package io.predlog.agent.drift;

import io.predlog.agent.config.ConfigError;
import io.predlog.agent.config.ConfigLoader;
import io.predlog.agent.config.ConfigResult;
import io.predlog.agent.sink.SinkFactories;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriftSettingsTest {

    private static final String TARGET = "predict.score=com.acme.Model#predict";

    private static ConfigResult load(String args) {
        return ConfigLoader.load(TARGET + (args.isEmpty() ? "" : "," + args), new Properties(), Map.of(), "Svc", SinkFactories.load().names());
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        DriftSettings fromConfig = DriftSettings.from(load("").config());
        assertEquals(DriftSettings.defaults(), fromConfig);
        assertTrue(fromConfig.enabled());
        assertEquals(5000, fromConfig.baselineSize());
        assertEquals(List.of(), fromConfig.baselineFiles());
        assertEquals(10, fromConfig.bins());
        assertEquals(500, fromConfig.minSamples());
        assertEquals(0.1, fromConfig.psiThreshold());
        assertEquals(0.25, fromConfig.psiSignificant());
        assertEquals(0.1, fromConfig.ksThreshold());
        assertEquals(0.1, fromConfig.jsThreshold());
        assertEquals(0.001, fromConfig.alpha());
    }

    @Test
    void everyKeyIsRead() {
        Properties system = new Properties();
        system.setProperty("predlog.drift.baseline", "a.json, /etc/predlog/b.json");
        system.setProperty("predlog.drift.enabled", "false");
        system.setProperty("predlog.drift.baseline_size", "10_000");
        system.setProperty("predlog.drift.bins", "20");
        system.setProperty("predlog.drift.min_samples", "1000");
        system.setProperty("predlog.drift.psi_threshold", "0.2");
        system.setProperty("predlog.drift.psi_significant", "0.5");
        system.setProperty("predlog.drift.ks_threshold", "0.15");
        system.setProperty("predlog.drift.js_threshold", "0.2");
        system.setProperty("predlog.drift.alpha", "1");
        ConfigResult r = ConfigLoader.load(TARGET, system, Map.of(), "Svc", SinkFactories.load().names());
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(new DriftSettings(false, 10_000, List.of(Path.of("a.json"), Path.of("/etc/predlog/b.json")), 20,
                1000, 0.2, 0.5, 0.15, 0.2, 1.0), DriftSettings.from(r.config()));
    }

    @Test
    void aBadValueIsAConfigErrorNamingItsKey() {
        for (String bad : List.of("drift.bins=1", "drift.psi_threshold=0", "drift.ks_threshold=1.5",
                "drift.alpha=0", "drift.min_samples=many", "drift.enabled=yes", "drift.js_threshold=-0.1")) {
            ConfigResult r = load(bad);
            assertFalse(r.ok(), bad);
            ConfigError e = r.errors().get(0);
            assertEquals("predlog." + bad.substring(0, bad.indexOf('=')), e.key(), bad);
        }
    }
}
