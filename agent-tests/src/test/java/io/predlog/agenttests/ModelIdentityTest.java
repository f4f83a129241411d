package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.loading.BundledModel;
import io.predlog.agenttests.fixtures.loading.CorruptModel;
import io.predlog.agenttests.fixtures.loading.LoadingApp;
import io.predlog.agenttests.fixtures.loading.ModelStore;
import io.predlog.agenttests.fixtures.loading.StoredModel;
import io.predlog.agenttests.fixtures.loading.UnregisteredModel;
import io.predlog.agenttests.fixtures.loading.Warmup;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A prediction on a model that a load target returned or constructed carries that
 * load's model_id and model_version; a model never seen loading is named by its simple class name.
 */
class ModelIdentityTest {

    private static JvmRun run;

    @BeforeAll
    static void loadAndPredict() {
        Path config = ConfigFile.write("agent.properties",
                "predlog.load.store = " + ModelStore.class.getName() + "#load",
                "predlog.load.store.model_id = arg0",
                "predlog.load.store.model_version = arg1",
                "predlog.load.bundled = " + BundledModel.class.getName() + "#<init>",
                "predlog.load.bundled.model_id = return.name",
                "predlog.load.bundled.model_version = \"b1\"",
                "predlog.load.corrupt = " + CorruptModel.class.getName() + "#<init>",
                "predlog.load.corrupt.model_id = arg0",
                "predlog.entry.warmup = " + Warmup.class.getName() + "#warm",
                "predlog.predict.stored = " + StoredModel.class.getName() + "#predict",
                "predlog.predict.bundled = " + BundledModel.class.getName() + "#predict",
                "predlog.predict.unregistered = " + UnregisteredModel.class.getName() + "#predict");
        run = AgentJvm.main(LoadingApp.class).agentArgs("config=" + config).run().assertSucceeded();
    }

    @Test
    void predictionsTakeTheIdentityThatAFactoryLoadRecorded() {
        Events stored = run.events().named("prediction_success").target("stored");
        assertEquals(2, stored.size(), run.describe());
        for (JsonNode event : stored.all()) {
            assertEquals("churn", event.path("model_id").asText(), "arg0 of ModelStore.load(\"churn\", \"v2\")");
            assertEquals("v2", event.path("model_version").asText(), "arg1 of the load");
        }
        JsonNode load = run.events().named("model_load_success").target("store").single();
        assertEquals("churn", load.path("model_id").asText());
        assertEquals("v2", load.path("model_version").asText());
        assertEquals(ModelStore.class.getName() + "#load", load.path("method").asText());
    }

    @Test
    void predictionsTakeTheIdentityThatAConstructorLoadRecorded() {
        Events bundled = run.events().named("prediction_success").target("bundled");
        assertEquals(2, bundled.size(), run.describe());
        for (JsonNode event : bundled.all()) {
            assertEquals("fraud", event.path("model_id").asText(), "return.name of new BundledModel(\"models/fraud.bin\")");
            assertEquals("b1", event.path("model_version").asText());
        }
        JsonNode load = run.events().named("model_load_success").target("bundled").single();
        assertEquals("fraud", load.path("model_id").asText());
        assertEquals(BundledModel.class.getName() + "#<init>", load.path("method").asText());
    }

    @Test
    void aFailingFactoryLoadGivesModelLoadFailure() {
        JsonNode failure = run.events().named("model_load_failure").target("store").single();
        assertEquals("missing", failure.path("model_id").asText());
        assertEquals("java.io.FileNotFoundException", failure.path("error_type").asText());
        assertEquals("no model named missing", failure.path("error_msg").asText());
        String id = failure.path("request_id").asText();
        assertEquals(List.of("model_load_start", "model_load_failure"),
                run.events().with("request_id", id).texts("event"), "the load's own request: start, then failure");
    }

    @Test
    void aConstructorThatThrowsInsideAnInstrumentedMethodGivesModelLoadFailure() {
        JsonNode failure = run.events().named("model_load_failure").target("corrupt").single();
        assertEquals("models/broken.bin", failure.path("model_id").asText());
        assertEquals(CorruptModel.class.getName() + "#<init>", failure.path("method").asText());
        assertEquals("java.lang.IllegalArgumentException", failure.path("error_type").asText());
        assertEquals("corrupt model file models/broken.bin: bad magic", failure.path("error_msg").asText());
        JsonNode warmup = run.events().named("request_failure").target("warmup").single();
        assertEquals(warmup.path("request_id").asText(), failure.path("request_id").asText(),
                "the load belongs to the request of Warmup.warm");
        assertEquals(0, run.events().named("model_load_success").target("corrupt").size());
    }

    @Test
    void aModelNeverSeenLoadingIsNamedByItsSimpleClassName() {
        JsonNode event = run.events().named("prediction_success").target("unregistered").single();
        assertEquals("UnregisteredModel", event.path("model_id").asText());
        assertFalse(event.has("model_version"), "unknown version is left out: " + event);
    }
}
