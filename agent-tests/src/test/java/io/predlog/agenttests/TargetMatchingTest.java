package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.plugin.PluginHostApp;
import io.predlog.agenttests.fixtures.plugin.PluginModel;
import io.predlog.agenttests.fixtures.scoring.AbstractScorer;
import io.predlog.agenttests.fixtures.scoring.ConcreteScorer;
import io.predlog.agenttests.fixtures.scoring.LinearModel;
import io.predlog.agenttests.fixtures.scoring.Model;
import io.predlog.agenttests.fixtures.scoring.OverloadedModel;
import io.predlog.agenttests.fixtures.scoring.RankerAlpha;
import io.predlog.agenttests.fixtures.scoring.RankerBeta;
import io.predlog.agenttests.fixtures.scoring.Reranker;
import io.predlog.agenttests.fixtures.scoring.ScoringApp;
import io.predlog.agenttests.fixtures.scoring.TreeModel;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.TestEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A named type matches itself and its subtypes; {@code *} wildcards in class and
 * method names; an optional parameter list picks overloads; classes from any class loader; and a target that
 * matches nothing is named in a warning.
 */
class TargetMatchingTest {

    private static final String SCORING = "io.predlog.agenttests.fixtures.scoring.";

    private static JvmRun run;

    @BeforeAll
    static void runWithPatterns() {
        Path config = ConfigFile.write("agent.properties",
                "predlog.predict.models = " + Model.class.getName() + "#predict",
                "predlog.predict.rankers = " + SCORING + "Ranker*#rank*",
                "predlog.predict.by_map = " + OverloadedModel.class.getName() + "#score(java.util.Map)",
                "predlog.predict.by_vector = " + OverloadedModel.class.getName() + "#score(float[])",
                "predlog.predict.by_two = " + OverloadedModel.class.getName() + "#score(String,*)",
                "predlog.predict.rerank = " + SCORING + "Reranker#rank(java.util.List,..)",
                "predlog.predict.scorers = " + AbstractScorer.class.getName() + "#score",
                "predlog.predict.typo = " + SCORING + "LinaerModel#predict",
                "predlog.predict.typo_method = " + LinearModel.class.getName() + "#predcit",
                "predlog.predict.typo_params = " + OverloadedModel.class.getName() + "#score(double[])",
                "predlog.unmatched_warning_s = 1");
        run = AgentJvm.main(ScoringApp.class).agentArgs("config=" + config)
                .args("linear=2", "tree=1", "overloads=1", "rankers=1", "abstract=2").run().assertSucceeded();
    }

    @Test
    void namingAnInterfaceInstrumentsEveryImplementation() {
        Events models = run.events().named("prediction_success").target("models");
        assertEquals(2, models.with("method", LinearModel.class.getName() + "#predict").size());
        assertEquals(1, models.with("method", TreeModel.class.getName() + "#predict").size());
        assertEquals(3, models.size(), "nothing else: " + models);
    }

    @Test
    void wildcardsMatchClassAndMethodNames() {
        Events rankers = run.events().named("prediction_success").target("rankers");
        assertEquals(List.of(RankerAlpha.class.getName() + "#rankTop", RankerBeta.class.getName() + "#rankAll"),
                rankers.texts("method").stream().sorted().toList(),
                "describe() is not rank*, Reranker is not Ranker*");
    }

    @Test
    void aParameterListSelectsOneOverload() {
        Events byMap = run.events().named("prediction_success").target("by_map");
        assertEquals(2, byMap.size(), "score(Map) was called twice");
        byMap.all().forEach(e -> assertEquals("java.util.TreeMap", e.path("input").path("type").asText()));
    }

    @Test
    void aStarMatchesAnyOneParameterTypeAndDotDotAnyRemaining() {
        JsonNode byTwo = run.events().named("prediction_success").target("by_two").single();
        assertEquals(2, byTwo.path("input").path("args").size(), "score(String, int): " + byTwo);
        JsonNode rerank = run.events().named("prediction_success").target("rerank").single();
        assertEquals(Reranker.class.getName() + "#rank", rerank.path("method").asText());
    }

    @Test
    void namingAnAbstractBaseInstrumentsItsSubclassesImplementation() {
        Events scorers = run.events().named("prediction_success").target("scorers");
        assertEquals(2, scorers.size(), run.describe());
        assertEquals(List.of(ConcreteScorer.class.getName() + "#score"), scorers.texts("method").stream()
                .distinct().toList());
    }

    @Test
    void anArrayParameterTypeSelectsItsOverload() {
        JsonNode byVector = run.events().named("prediction_success").target("by_vector").single();
        assertEquals("float[]", byVector.path("input").path("type").asText());
    }

    @Test
    void aTargetThatMatchesNothingIsNamedInAWarningThatSaysWhy() {
        List<String> warnings = run.diagnostics().stream()
                .filter(line -> line.contains("WARN") && line.contains("predlog.predict.typo "))
                .toList();
        assertEquals(1, warnings.size(), "one warning, naming the target: " + run.diagnostics());
        assertTrue(warnings.get(0).contains(SCORING + "LinaerModel#predict"), warnings.get(0));
        assertTrue(warnings.get(0).contains("was never loaded; did you mean " + LinearModel.class.getName()),
                warnings.get(0));

        String method = warning("predlog.predict.typo_method ");
        assertTrue(method.contains("class " + LinearModel.class.getName() + " is loaded but has no method predcit"),
                method);
        assertTrue(method.contains("its nearest methods: predict"), method);

        String params = warning("predlog.predict.typo_params ");
        assertTrue(params.contains("score(float[])") && params.contains("none with parameters (double[])"), params);
        assertTrue(run.diagnostics().stream().noneMatch(l -> l.contains("WARN") && l.contains("predlog.predict.models ")),
                "matched targets are not warned about: " + run.diagnostics());
    }

    private static String warning(String target) {
        List<String> warnings = run.diagnostics().stream()
                .filter(line -> line.contains("WARN") && line.contains(target)).toList();
        assertEquals(1, warnings.size(), target + ": " + run.diagnostics());
        return warnings.get(0);
    }

    @Test
    void classesOfAChildClassLoaderAreInstrumented(@TempDir Path plugins) throws IOException {
        String relative = PluginModel.class.getName().replace('.', '/') + ".class";
        Path copy = plugins.resolve(relative);
        Files.createDirectories(copy.getParent());
        Files.copy(TestEnvironment.fixtureClasses().resolve(relative), copy);

        JvmRun host = AgentJvm.main(PluginHostApp.class)
                .agentArgs("predict.plugin=" + PluginModel.class.getName() + "#predict")
                .args(plugins.toString()).run().assertSucceeded();

        assertEquals(List.of("defined by child loader: true", "plugin -> 4.0", "plugin -> -1.0"), host.stdout());
        Events plugin = host.events().named("prediction_success").target("plugin");
        assertEquals(2, plugin.size(), host.describe());
        assertEquals("PluginModel", plugin.all().get(0).path("model_id").asText());
    }
}
