package io.predlog.sample.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModelRegistryTest {
    private final ModelRegistry registry = new ModelRegistry();

    @Test
    void loadReturnsTheModelAndMakesItActive() {
        Model churn = registry.load("churn", "v1");

        assertInstanceOf(TabularModel.class, churn);
        assertEquals("churn", churn.name());
        assertEquals("v1", churn.version());
        assertSame(churn, registry.get("churn"));
    }

    @Test
    void loadingAnotherVersionSwitchesTheActiveOneAndRemembersBoth() {
        Model v1 = registry.load("churn", "v1");
        Model v2 = registry.load("churn", "v2");

        assertSame(v2, registry.get("churn"));
        assertEquals("v1", v1.version());
        assertEquals(Map.of("churn", Set.of("v1", "v2")), registry.loadedVersions());
    }

    @Test
    void vectorModelsLoadFromTheirTextFiles() {
        Model embed = registry.load("embed-sim", "v2");

        assertInstanceOf(VectorModel.class, embed);
        assertEquals(Model.Kind.VECTOR, embed.kind());
        assertEquals(64, ((VectorModel) embed).dim());
    }

    @Test
    void anUnknownVersionFailsAndTheActiveVersionStays() {
        registry.load("churn", "v1");

        UnknownModelException e = assertThrows(UnknownModelException.class, () -> registry.load("churn", "v9"));
        assertEquals("unknown model 'churn' version 'v9'", e.getMessage());
        assertEquals("v1", registry.get("churn").version());
    }

    @Test
    void aCorruptVersionFailsToParseAndTheActiveVersionStays() {
        registry.load("churn", "v2");

        assertThrows(ModelFormatException.class, () -> registry.load("churn", "v3-corrupt"));
        assertEquals("v2", registry.get("churn").version());
        assertEquals(Set.of("v2"), registry.loadedVersions().get("churn"));
    }

    @Test
    void namesThatCouldLeaveTheModelDirectoryAreUnknown() {
        assertThrows(UnknownModelException.class, () -> registry.load("../models/churn", "v1"));
        assertThrows(UnknownModelException.class, () -> registry.load("churn", "../churn/v1"));
        assertThrows(UnknownModelException.class, () -> registry.load(null, "v1"));
    }

    @Test
    void getOfAModelNeverLoadedIsUnknown() {
        assertThrows(UnknownModelException.class, () -> registry.get("churn"));
    }

    @Test
    void activeModelsAreSortedByName() {
        registry.load("embed-sim", "v1");
        registry.load("churn", "v1");

        assertEquals(List.of("churn", "embed-sim"), registry.activeModels().stream().map(Model::name).toList());
    }
}
