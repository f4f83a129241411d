package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.hierarchy.Base;
import io.predlog.agenttests.fixtures.hierarchy.BaseModel;
import io.predlog.agenttests.fixtures.hierarchy.Classifier;
import io.predlog.agenttests.fixtures.hierarchy.CustomClassifier;
import io.predlog.agenttests.fixtures.hierarchy.FixedScorer;
import io.predlog.agenttests.fixtures.hierarchy.HierarchyApp;
import io.predlog.agenttests.fixtures.hierarchy.Leaf;
import io.predlog.agenttests.fixtures.hierarchy.MapModel;
import io.predlog.agenttests.fixtures.hierarchy.MidModel;
import io.predlog.agenttests.fixtures.hierarchy.Model;
import io.predlog.agenttests.fixtures.hierarchy.Models;
import io.predlog.agenttests.fixtures.hierarchy.OverloadingModel;
import io.predlog.agenttests.fixtures.hierarchy.PricingModel;
import io.predlog.agenttests.fixtures.hierarchy.Scorer;
import io.predlog.agenttests.fixtures.hierarchy.TopModel;
import io.predlog.agenttests.fixtures.hierarchy.UnreadableModel;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.TestEnvironment;
import net.bytebuddy.ByteBuddy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One call of a named method is one event, whatever the class hierarchy: overrides calling super, default
 * methods, bridges, anonymous classes and lambdas, inherited code named through a subclass, overloads delegating
 * to each other. {@code method} names the class that declares the code that ran first, and a proxy subclass that
 * the application's own Byte Buddy generated is never recorded as itself. A model constructor that throws writes
 * {@code model_load_start} then {@code model_load_failure}. One JVM makes {@value #CALLS} calls of each shape
 * ({@value #LOADS} failed loads): 5,000 recorded calls, counted exactly.
 */
class OneEventPerCallTest {

    static final int CALLS = 330;
    static final int LOADS = 50;
    private static final Pattern MADE = Pattern.compile("calls (\\w+)=(\\d+)");

    private static JvmRun run;
    private static Events predictions;

    @BeforeAll
    static void callEveryShapeOfHierarchy() {
        Path config = ConfigFile.write("agent.properties",
                "predlog.predict.levels = " + BaseModel.class.getName() + "#predict",
                "predlog.predict.classify = " + Classifier.class.getName() + "#classify",
                "predlog.predict.generic = " + Model.class.getName() + "#predict",
                "predlog.predict.leaf = " + Leaf.class.getName() + "#predict",
                "predlog.predict.score = " + Scorer.class.getName() + "#score",
                "predlog.predict.batch = " + Scorer.class.getName() + "#scoreAll",
                "predlog.predict.overloads = " + OverloadingModel.class.getName() + "#predict",
                "predlog.predict.pricing = " + PricingModel.class.getName() + "#predict",
                "predlog.load.unreadable = " + UnreadableModel.class.getName() + "#<init>");
        run = AgentJvm.main(HierarchyApp.class).classpath(TestEnvironment.fixtureClasses(), byteBuddyJar())
                .agentArgs("config=" + config)
                .args("calls=" + CALLS, "loads=" + LOADS).run().assertSucceeded();
        predictions = run.events().named("prediction_success");
    }

    @Test
    void theApplicationMadeTheCallsTheTestsCount() {
        Map<String, Integer> made = made();
        for (String kind : List.of("top", "mid", "custom", "plain", "map", "anonymous", "lambda", "leaf", "other",
                "scoreAll", "overloading", "pricing")) {
            assertEquals(CALLS, made.get(kind), kind + ": " + run.describe());
        }
        assertEquals(4 * CALLS, made.get("score"));
        assertEquals(LOADS, made.get("unreadable"));
    }

    @Test
    void anOverrideCallingSuperAtEveryLevelIsOneEventNamingTheClassWhoseCodeRanFirst() {
        Events levels = predictions.target("levels");
        assertEquals(Map.of(TopModel.class.getName() + "#predict", (long) made().get("top"),
                MidModel.class.getName() + "#predict", (long) made().get("mid")), levels.countBy("method"),
                "TopModel -> MidModel -> BaseModel through super is one call, and so is MidModel -> BaseModel");
        assertEquals(Map.of("TopModel", (long) CALLS, "MidModel", (long) CALLS), levels.countBy("model_id"));
    }

    @Test
    void aDefaultMethodIsRecordedWhereItIsOverriddenAndWhereItIsInherited() {
        Events classify = predictions.target("classify");
        assertEquals(Map.of(CustomClassifier.class.getName() + "#classify", (long) made().get("custom"),
                        Classifier.class.getName() + "#classify", (long) made().get("plain")),
                classify.countBy("method"), "an override calling Classifier.super is one call; the inherited"
                        + " default method's code is declared by the interface");
        assertEquals(Map.of("PlainClassifier", (long) CALLS), classify.with("method",
                Classifier.class.getName() + "#classify").countBy("model_id"), "the receiver's class is the model");
    }

    @Test
    void aCallThroughAGenericInterfaceIsOneEventOnTheImplementationNotOnItsBridge() {
        Events map = predictions.target("generic").with("model_id", "MapModel");
        assertEquals(Map.of(MapModel.class.getName() + "#predict", (long) made().get("map")), map.countBy("method"));
        map.all().forEach(e -> assertEquals(1, e.path("input").path("num_fields").asInt(), "the Map argument: " + e));
    }

    /**
     * The lambda's class is made by the JDK at run time ({@code Models$$Lambda...}) and hidden from agents; its body
     * is compiled into a synthetic {@code lambda$…} method of {@code Models}, which is what the event names
     * (docs/CONFIGURATION.md, "Which calls a target records").
     */
    @Test
    void anAnonymousClassAndALambdaImplementingTheNamedInterfaceAreEachOneEventPerCall() {
        Events generic = predictions.target("generic");
        String anonymous = Models.class.getName() + "$1#predict";
        assertEquals(made().get("anonymous").longValue(), generic.with("method", anonymous).size(),
                generic.countBy("method").toString());
        Events lambda = generic.where(e -> e.path("method").asText().startsWith(Models.class.getName() + "#lambda$"));
        assertEquals(made().get("lambda").longValue(), lambda.size(),
                "the lambda's calls, on its body in Models: " + generic.countBy("method"));
        assertEquals(3L * CALLS, generic.size(), "MapModel, the anonymous class and the lambda, nothing else: "
                + generic.countBy("method"));
    }

    @Test
    void anInheritedMethodNamedThroughASubclassRecordsThatSubclassAndNotItsSibling() {
        Events leaf = predictions.target("leaf");
        assertEquals(Map.of(Base.class.getName() + "#predict", (long) made().get("leaf")), leaf.countBy("method"),
                "the code that ran is declared by Base");
        assertEquals(Map.of("Leaf", (long) CALLS), leaf.countBy("model_id"),
                "Other extends Base too, and is not Leaf: " + CALLS + " calls of Other.predict recorded nothing");
    }

    @Test
    void aDefaultMethodCallingTheAbstractOneIsRecordedOnEachTargetOncePerCall() {
        Events batch = predictions.target("batch");
        Events score = predictions.target("score");
        assertEquals(Map.of(Scorer.class.getName() + "#scoreAll", (long) made().get("scoreAll")),
                batch.countBy("method"));
        assertEquals(Map.of("FixedScorer", (long) CALLS), batch.countBy("model_id"));
        assertEquals(Map.of(FixedScorer.class.getName() + "#score", (long) made().get("score")),
                score.countBy("method"), "the abstract score is implemented once; each of its calls is one event");
        Map<String, Events> scoresByRequest = score.groupedBy("request_id");
        for (JsonNode all : batch.all()) {
            Events inside = scoresByRequest.get(all.path("request_id").asText());
            assertEquals(4, inside == null ? 0 : inside.size(), "the four scores inside scoreAll share its request: " + all);
        }
    }

    @Test
    void anOverloadDelegatingToAnOverloadOfTheSameTargetIsOneEventForTheOutermostCall() {
        Events overloads = predictions.target("overloads");
        assertEquals(Map.of(OverloadingModel.class.getName() + "#predict", (long) made().get("overloading")),
                overloads.countBy("method"));
        assertEquals(Map.of("double[]", (long) CALLS), overloads.countBy("input.type"),
                "predict(double[]) was called, predict(double[], double) only inside it");
    }

    @Test
    void aByteBuddyProxySubclassIsNeverRecordedAsItselfOnlyTheModelItCalls() {
        assertTrue(run.appStdout().stream().anyMatch(line -> line.startsWith(
                "pricing model class: " + PricingModel.class.getName() + "$ByteBuddy$")), run.describe());
        Events pricing = predictions.target("pricing");
        assertEquals(Map.of(PricingModel.class.getName() + "#predict", (long) made().get("pricing")),
                pricing.countBy("method"), "the proxy's predict calls the model's: one call");
        assertEquals(Map.of("PricingModel", (long) CALLS), pricing.countBy("model_id"));
    }

    @Test
    void aModelConstructorThatThrowsWritesLoadStartThenLoadFailureWithTheExceptionsType() {
        Events loads = run.events().target("unreadable");
        Map<String, Events> byRequest = loads.groupedBy("request_id");
        assertEquals(made().get("unreadable").intValue(), byRequest.size(), "one request per failed load: " + loads);
        for (Events load : byRequest.values()) {
            assertEquals(List.of("model_load_start", "model_load_failure"), load.texts("event"), load.toString());
            JsonNode failure = load.all().get(1);
            assertEquals("java.lang.IllegalStateException", failure.path("error_type").asText(), failure.toString());
            assertTrue(failure.path("error_msg").asText().startsWith("model file missing: /models/missing-"),
                    failure.toString());
            assertEquals("ERROR", failure.path("level").asText());
            assertEquals(UnreadableModel.class.getName() + "#<init>", failure.path("method").asText());
        }
    }

    @Test
    void everyCallIsOneEventAndNothingElseIsRecorded() {
        Map<String, Integer> made = made();
        Map<String, Long> expected = Map.of(
                "levels", (long) made.get("top") + made.get("mid"),
                "classify", (long) made.get("custom") + made.get("plain"),
                "generic", (long) made.get("map") + made.get("anonymous") + made.get("lambda"),
                "leaf", (long) made.get("leaf"),
                "batch", (long) made.get("scoreAll"),
                "score", (long) made.get("score"),
                "overloads", (long) made.get("overloading"),
                "pricing", (long) made.get("pricing"));
        assertEquals(expected, predictions.countBy("target"), "prediction_success per target");
        assertEquals(Map.of("model_load_failure", (long) LOADS, "model_load_start", (long) LOADS),
                run.events().where(e -> !e.path("event").asText().equals("model_stats")
                        && !e.path("event").asText().equals("prediction_success")).countBy("event"),
                "no other event: no failure, no request of its own");
        assertEquals(5000L, expected.values().stream().mapToLong(Long::longValue).sum() + LOADS,
                "this run's share of the 10,000 calls counted across the agent tests");
    }

    private static Path byteBuddyJar() {
        try {
            return Paths.get(ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Integer> made() {
        Map<String, Integer> made = new java.util.HashMap<>();
        for (String line : run.appStdout()) {
            Matcher matcher = MADE.matcher(line);
            if (matcher.matches()) {
                made.put(matcher.group(1), Integer.parseInt(matcher.group(2)));
            }
        }
        return made;
    }
}
