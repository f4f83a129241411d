package io.predlog.agent.config;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sampling and health keys: defaults, values, per-target overrides, and errors named by key. */
class SamplingConfigTest {

    private static final String MODEL = "com.acme.Model#predict";

    private static ConfigResult load(String args, Map<String, String> env) {
        return ConfigLoader.load(args, new Properties(), env, "MyService", ConfigLoaderTest.SINK_NAMES);
    }

    private static ConfigResult load(String args) {
        return load(args, Map.of());
    }

    @Test
    void theDefaultsKeepEverythingAndReportEveryMinute() {
        AgentConfig config = load("predict.score=" + MODEL).config();
        assertEquals(1.0, config.fraction(ConfigKeys.SAMPLE_SUCCESS));
        assertEquals(1000, config.number(ConfigKeys.SAMPLE_SLOW_MS));
        assertEquals(0, config.number(ConfigKeys.SAMPLE_MAX_PER_SECOND));
        assertEquals(60, config.number(ConfigKeys.HEALTH_INTERVAL_S));
        assertTrue(Double.isNaN(config.targets().get(0).sampleSuccess()), "no override");
    }

    @Test
    void valuesAndATargetOverrideAreRead() {
        AgentConfig config = load("predict.score=" + MODEL + ",predict.score.sample.success=0.5,sample.success=1e-2"
                + ",sample.slow_ms=250,sample.max_per_second=1_000,health.interval_s=0").config();
        assertEquals(0.01, config.fraction(ConfigKeys.SAMPLE_SUCCESS));
        assertEquals(250, config.number(ConfigKeys.SAMPLE_SLOW_MS));
        assertEquals(1000, config.number(ConfigKeys.SAMPLE_MAX_PER_SECOND));
        assertEquals(0, config.number(ConfigKeys.HEALTH_INTERVAL_S));
        assertEquals(0.5, config.targets().get(0).sampleSuccess());
    }

    @Test
    void anEnvironmentVariableSetsATargetOverride() {
        AgentConfig config = load("predict.score=" + MODEL, Map.of("PREDLOG_PREDICT_SCORE_SAMPLE_SUCCESS", "0.25"))
                .config();
        assertEquals(0.25, config.targets().get(0).sampleSuccess());
    }

    @Test
    void aRateOutsideZeroToOneIsAnErrorOnItsKey() {
        ConfigResult r = load("predict.score=" + MODEL + ",sample.success=1.5");
        assertNull(r.config());
        assertEquals("predlog.sample.success", r.errors().get(0).key());
        assertTrue(r.errors().get(0).message().contains("from 0 to 1"), r.errors().get(0).message());

        ConfigResult t = load("predict.score=" + MODEL + ",predict.score.sample.success=half");
        assertEquals("predlog.predict.score.sample.success", t.errors().get(0).key());
        assertEquals(1, t.errors().size());
    }

    @Test
    void theOverrideIsNotValidOnLoadTargets() {
        ConfigResult r = load("load.boot=a.B#c,load.boot.sample.success=0.5");
        assertEquals("predlog.load.boot.sample.success", r.errors().get(0).key());
        assertTrue(r.errors().get(0).message().contains("only valid on predict and entry targets"),
                r.errors().get(0).message());
    }
}
