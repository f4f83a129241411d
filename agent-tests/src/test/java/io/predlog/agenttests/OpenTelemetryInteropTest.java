package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.otel.PlainService;
import io.predlog.agenttests.fixtures.otel.SpanFirstService;
import io.predlog.agenttests.fixtures.otel.TracedService;
import io.predlog.agenttests.fixtures.early.SlowLoadAgent;
import io.predlog.agenttests.harness.AgentJar;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * predlog and OpenTelemetry in one JVM. A request that starts inside an OpenTelemetry span takes
 * the span's trace id as its request id — the application's own span (its API bridged to the OpenTelemetry
 * javaagent, or its API alone) or one that the javaagent's {@code methods} instrumentation makes; an inbound id
 * still wins; outside any span ids are generated as before. With both agents attached, in either order, the
 * application prints the same and the javaagent still exports its spans.
 */
class OpenTelemetryInteropTest {

    /** What the javaagent's logging exporter prints per span: {@code '<name>' : <trace id> <span id> ...}. */
    private static final Pattern EXPORTED_SPAN =
            Pattern.compile("LoggingSpanExporter - '([^']+)' : ([0-9a-f]{32}) ([0-9a-f]{16})");
    private static final String GENERATED = "[0-9a-f]{32}";

    private static Path otelLibs(String part) {
        Path dir = Paths.get(System.getProperty("predlog.test.otel.libs", "target/otel-libs"), part);
        try (Stream<Path> jars = Files.list(dir)) {
            return jars.filter(p -> p.toString().endsWith(".jar")).sorted().findFirst().orElseThrow();
        } catch (IOException | RuntimeException e) {
            return fail("missing " + dir.toAbsolutePath() + ": run through Maven (generate-test-resources copies it)");
        }
    }

    private static List<Path> apiClasspath() {
        List<Path> classpath = new ArrayList<>();
        classpath.add(TestEnvironment.fixtureClasses());
        try (Stream<Path> jars = Files.list(otelLibs("api").getParent())) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(classpath::add);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return classpath;
    }

    /** The OpenTelemetry javaagent's options: spans printed by the logging exporter, nothing else exported. */
    private static List<String> otelAgent(String methodsInclude) {
        List<String> options = new ArrayList<>(List.of("-javaagent:" + otelLibs("javaagent"),
                "-Dotel.traces.exporter=logging", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none"));
        if (methodsInclude != null) {
            options.add("-Dotel.instrumentation.methods.include=" + methodsInclude);
        }
        return options;
    }

    private enum Order { OTEL_ONLY, OTEL_FIRST, PREDLOG_FIRST }

    private static JvmRun runPlainService(Order order) {
        Path config = ConfigFile.write("agent.properties", "predlog.predict.model = " + PlainService.class.getName()
                + "#predict");
        AgentJvm jvm = AgentJvm.main(PlainService.class);
        for (String option : otelAgent(PlainService.class.getName() + "[handle]")) {
            if (order == Order.OTEL_FIRST) {
                jvm.beforeAgent(option);
            } else {
                jvm.jvmOption(option);
            }
        }
        if (order != Order.OTEL_ONLY) {
            jvm.agentArgs("config=" + config);
        }
        return jvm.run().assertSucceeded();
    }

    /** The spans the javaagent exported, as {@code name trace-id}, in order. */
    private static List<String[]> exportedSpans(JvmRun run) {
        List<String[]> spans = new ArrayList<>();
        for (String line : Stream.concat(run.appStdout().stream(), run.appStderr().stream()).toList()) {
            Matcher m = EXPORTED_SPAN.matcher(line);
            if (m.find()) {
                spans.add(new String[] {m.group(1), m.group(2)});
            }
        }
        return spans;
    }

    private static String printed(JvmRun run, String prefix) {
        return run.appStdout().stream().filter(l -> l.startsWith(prefix + "|")).findFirst()
                .map(l -> l.substring(prefix.length() + 1)).orElseGet(() -> fail("no " + prefix + " line\n"
                        + run.describe()));
    }

    @Test
    void aPredictionInsideASpanTheApplicationStartsTakesItsTraceIdWithTheJavaagent() {
        Path config = ConfigFile.write("agent.properties",
                "predlog.predict.model = " + TracedService.class.getName() + "#predict",
                "predlog.entry.request = " + TracedService.class.getName() + "#handle",
                "predlog.entry.request.request_id = arg0");
        AgentJvm jvm = AgentJvm.main(TracedService.class).classpath(apiClasspath().toArray(new Path[0]))
                .agentArgs("config=" + config);
        otelAgent(null).forEach(jvm::jvmOption);
        JvmRun run = jvm.run().assertSucceeded();

        String traceId = printed(run, "trace");
        assertTrue(traceId.matches(GENERATED) && !traceId.matches("0+"), run.describe());
        assertEquals("true", printed(run, "recording"), "the javaagent's SDK records the application's span");
        List<String> ids = run.events().named("prediction_success").texts("request_id");
        assertEquals(3, ids.size(), run.describe());
        assertEquals(traceId, ids.get(0), "a prediction inside the span: its trace id");
        assertEquals("req-inbound-1", ids.get(1), "an inbound id adopted by an entry wins over the trace id");
        assertEquals("req-inbound-1", run.events().named("request_start").single().path("request_id").asText());
        assertTrue(ids.get(2).matches(GENERATED) && !ids.get(2).equals(traceId), "outside any span: generated");
        assertTrue(exportedSpans(run).stream().anyMatch(s -> s[0].equals("score-request") && s[1].equals(traceId)),
                "the javaagent still exports the application's span\n" + run.describe());
    }

    @Test
    void theApplicationsOwnApiIsReadWithoutTheJavaagent() {
        Path config = ConfigFile.write("agent.properties",
                "predlog.predict.model = " + TracedService.class.getName() + "#predict");
        JvmRun run = AgentJvm.main(TracedService.class).classpath(apiClasspath().toArray(new Path[0]))
                .agentArgs("config=" + config).args("wrapped").run().assertSucceeded();

        String traceId = printed(run, "trace");
        assertEquals("0af7651916cd43dd8448eb211c80319c", traceId);
        List<String> ids = run.events().named("prediction_success").texts("request_id");
        assertEquals(List.of(traceId, traceId), ids.subList(0, 2), run.describe());
        assertTrue(ids.get(2).matches(GENERATED) && !ids.get(2).equals(traceId), "outside any span: generated");
    }

    /**
     * The application's {@code Span} class is still loading while predlog starts beside the application (an agent
     * listed after predlog is slow over it, so predlog's transformers have already looked at it), and is defined
     * only after predlog has listed the loaded classes: its load is still seen, and the spans' trace ids still
     * become request ids.
     */
    @Test
    void aSpanClassStillLoadingWhilePredlogStartsIsSeen(@TempDir Path dir) throws IOException {
        Path config = ConfigFile.write("agent.properties",
                "predlog.predict.model = " + TracedService.class.getName() + "#predict");
        Path slowAgent = AgentJar.of(dir, SlowLoadAgent.class);
        JvmRun run = AgentJvm.main(SpanFirstService.class).classpath(apiClasspath().toArray(new Path[0]))
                .jvmOption("-javaagent:" + slowAgent + "=io.opentelemetry.api.trace.Span=2000") // after predlog
                .agentArgs("config=" + config).args("wrapped").run().assertSucceeded();

        assertTrue(run.stdout().contains("slow agent: io/opentelemetry/api/trace/Span loaded after 2000 ms"),
                run.describe());
        String traceId = printed(run, "trace");
        List<String> ids = run.events().named("prediction_success").texts("request_id");
        assertEquals(List.of(traceId, traceId), ids.subList(0, 2), run.describe());
    }

    @Test
    void theOtelContextKeySetToFalseKeepsGeneratedIds() {
        Path config = ConfigFile.write("agent.properties",
                "predlog.predict.model = " + TracedService.class.getName() + "#predict",
                "predlog.context.otel = false");
        JvmRun run = AgentJvm.main(TracedService.class).classpath(apiClasspath().toArray(new Path[0]))
                .agentArgs("config=" + config).args("wrapped").run().assertSucceeded();
        for (String id : run.events().named("prediction_success").texts("request_id")) {
            assertTrue(id.matches(GENERATED) && !id.equals("0af7651916cd43dd8448eb211c80319c"), id);
        }
    }

    @Test
    void withBothAgentsInEitherOrderTheAppIsUnchangedTheSpansExportedAndPredictionsTakeTheirTraceIds() {
        JvmRun otelOnly = runPlainService(Order.OTEL_ONLY);
        List<String> spanNames = exportedSpans(otelOnly).stream().map(s -> s[0]).toList();
        assertEquals(List.of("PlainService.handle", "PlainService.handle", "PlainService.handle"), spanNames,
                otelOnly.describe());

        for (Order order : List.of(Order.OTEL_FIRST, Order.PREDLOG_FIRST)) {
            JvmRun run = runPlainService(order);
            assertEquals(otelOnly.appStdout(), run.appStdout(), order + ": the application prints the same");
            List<String[]> spans = exportedSpans(run);
            assertEquals(spanNames, spans.stream().map(s -> s[0]).toList(), order + ": the same spans\n"
                    + run.describe());

            List<JsonNode> predictions = run.events().named("prediction_success").all();
            assertEquals(7, predictions.size(), order + ": every call recorded\n" + run.describe());
            List<String> traceIds = spans.stream().map(s -> s[1]).toList();
            for (int call = 0; call < 3; call++) {
                String traceId = traceIds.get(call);
                assertEquals(traceId, predictions.get(2 * call).path("request_id").asText(), order + " call " + call);
                assertEquals(traceId, predictions.get(2 * call + 1).path("request_id").asText(), order + " call " + call);
            }
            String outside = predictions.get(6).path("request_id").asText();
            assertTrue(outside.matches(GENERATED), outside);
            assertFalse(traceIds.contains(outside), order + ": outside any span the id is generated");
        }
    }
}
