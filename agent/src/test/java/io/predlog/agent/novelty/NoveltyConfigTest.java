package io.predlog.agent.novelty;

import io.predlog.agent.config.AgentConfig;
import io.predlog.agent.config.ConfigLoader;
import io.predlog.agent.config.ConfigResult;
import io.predlog.agent.sink.SinkFactories;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code predlog.novelty.*} keys: defaults, values, and each bad value an error naming its key. */
class NoveltyConfigTest {

    private static final String TARGET = "predict.score=com.acme.Model#predict";

    private static ConfigResult load(String args) {
        return ConfigLoader.load(TARGET + (args.isEmpty() ? "" : "," + args), new Properties(), Map.of(), "MyService", SinkFactories.load().names());
    }

    private static void assertError(String args, String key, String fragment) {
        ConfigResult r = load(args);
        assertNull(r.config(), args);
        assertEquals(key, r.errors().get(0).key(), r.errors().toString());
        assertTrue(r.errors().get(0).message().contains(fragment), r.errors().get(0).message());
    }

    @Test
    void theDefaultsTrackThirtyTwoModelsOfAMillionInputsAtOnePercentInMemoryOnly() {
        NoveltyFilters novelty = NoveltyFilters.from(load("").config(), null);
        assertNotNull(novelty);
        assertEquals(BloomFilter.bitsFor(1_000_000, 0.01), novelty.bits());
        assertEquals(1_000_000, novelty.capacity());
        assertNull(novelty.persistence());
        for (int i = 0; i < 32; i++) {
            assertNotNull(novelty.track("m" + i), "model " + i + " of 32");
        }
    }

    @Test
    void valuesAreRead() {
        AgentConfig config = load("novelty.capacity=10_000,novelty.fpp=0.001,novelty.max_models=3,novelty.dir=nv")
                .config();
        NoveltyFilters novelty = NoveltyFilters.from(config, null);
        assertEquals(10_000, novelty.capacity());
        assertEquals(BloomFilter.bitsFor(10_000, 0.001), novelty.bits());
        assertNotNull(novelty.persistence());
        assertEquals(Path.of("nv"), config.path(io.predlog.agent.config.ConfigKeys.NOVELTY_DIR));
    }

    @Test
    void turnedOffThereAreNoFilters() {
        assertNull(NoveltyFilters.from(load("novelty.enabled=false").config(), null));
    }

    @Test
    void badValuesAreErrorsOnTheirKeys() {
        assertError("novelty.enabled=maybe", "predlog.novelty.enabled", "true or false");
        assertError("novelty.capacity=0", "predlog.novelty.capacity", "from 1 to");
        assertError("novelty.capacity=lots", "predlog.novelty.capacity", "whole number");
        assertError("novelty.max_models=0", "predlog.novelty.max_models", "from 1 to");
        assertError("novelty.fpp=0", "predlog.novelty.fpp", "greater than 0");
        assertError("novelty.fpp=-0.1", "predlog.novelty.fpp", "greater than 0");
        assertError("novelty.fpp=1", "predlog.novelty.fpp", "less than 1");
        assertError("novelty.fpp=1.5", "predlog.novelty.fpp", "at most 1");
        assertError("novelty.fpp=1%", "predlog.novelty.fpp", "decimal number");
        assertError("novelty.dir=", "predlog.novelty.dir", "empty");
        assertError("novelty.dir=a\u0000b", "predlog.novelty.dir", "not a valid path");
    }

    @Test
    void aFilterGenerationOverOneGibibyteIsAnError() {
        assertError("novelty.capacity=100_000_000,novelty.fpp=1e-20", "predlog.novelty.fpp", "MiB (at most 1024)");
        assertNotNull(load("novelty.capacity=100_000_000,novelty.fpp=0.01").config(), "120 MB per generation is allowed");
    }
}
