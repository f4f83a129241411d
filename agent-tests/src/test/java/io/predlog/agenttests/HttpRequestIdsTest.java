package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.http.EchoModel;
import io.predlog.agenttests.fixtures.http.RelayService;
import io.predlog.agenttests.fixtures.servlet.JavaxServletApp;
import io.predlog.agenttests.fixtures.servlet.JettyServletApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.RunningJvm;
import io.predlog.agenttests.harness.TestEnvironment;
import io.predlog.sample.json.Json;
import io.predlog.sample.workload.InputGenerator;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code predlog.http.servers=true} and no {@code request_id} expression, HTTP
 * servers (the JDK's HttpServer, javax and jakarta servlets) adopt the id of an inbound {@code X-Request-ID} or
 * {@code traceparent} and echo it in the response's {@code X-Request-ID}; calls made inside a request through
 * {@code HttpClient} or {@code HttpURLConnection} carry it to the next service, which continues it.
 */
class HttpRequestIdsTest {

    private static final Pattern GENERATED = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SAMPLE_LISTENING = Pattern.compile("sample-app listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern LISTENING = Pattern.compile("listening on (\\d+)");
    private static final Pattern OUTSIDE = Pattern.compile("outside: (.*)");
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final Duration START = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void theSampleServiceAdoptsInboundIdsForItsPooledPredictionsItsOwnLogLinesAndEchoesThem() throws Exception {
        Path config = ConfigFile.write("agent.properties",
                "predlog.http.servers = true",
                "predlog.predict.tabular = io.predlog.sample.model.Model#predict(java.util.Map)",
                "predlog.load.registry = io.predlog.sample.model.ModelRegistry#load(String,String)",
                "predlog.load.registry.model_id = arg0",
                "predlog.load.registry.model_version = arg1");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "churn");
        body.put("input", new InputGenerator(7).customer());
        String json = Json.write(body);
        List<HttpResponse<String>> responses = new ArrayList<>();
        JvmRun service;
        try (RunningJvm running = AgentJvm.jar(TestEnvironment.sampleAppJar()).agentArgs("config=" + config)
                .args("--port", "0").start()) {
            URI base = URI.create("http://127.0.0.1:" + running.awaitStdout(SAMPLE_LISTENING, START).group(1));
            for (String[] header : new String[][] {{"X-Request-ID", "sample-42"},
                    {"traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01"},
                    {"traceparent", "00-" + TRACE_ID.toUpperCase() + "-00f067aa0ba902b7-01"}}) {
                responses.add(client.send(HttpRequest.newBuilder(base.resolve("/predict")).header(header[0], header[1])
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            service = running.stop();
        }
        responses.forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        Events events = service.events();

        Events adopted = events.with("request_id", "sample-42");
        assertEquals(List.of("request_start", "prediction_success", "request_success"), adopted.texts("event"),
                "entry and pooled predict share the inbound id: " + events);
        assertEquals("http", adopted.named("request_start").single().path("target").asText());
        assertTrue(adopted.named("prediction_success").single().path("thread").asText().startsWith("predict-worker-"),
                "the prediction ran on the service's worker pool");
        assertEquals("sample-42", responses.get(0).headers().firstValue("X-Request-ID").orElse(null), "echoed");
        assertTrue(service.appStderr().stream().anyMatch(line -> line.contains("[predict-worker-")
                        && line.contains("PredictionService request_id=sample-42 scored churn")),
                "the application's own log line, written on its worker thread through SLF4J/Logback, carries the"
                        + " adopted id (the MDC): " + service.appStderr());

        Events traced = events.with("request_id", TRACE_ID);
        assertEquals(List.of("request_start", "prediction_success", "request_success"), traced.texts("event"),
                "a traceparent alone gives its trace-id");
        assertEquals(TRACE_ID, responses.get(1).headers().firstValue("X-Request-ID").orElse(null));

        String generated = responses.get(2).headers().firstValue("X-Request-ID").orElseThrow();
        assertTrue(GENERATED.matcher(generated).matches(), "an invalid traceparent is ignored: " + generated);
        assertEquals(3, events.with("request_id", generated).size(), "the echoed id is the one recorded");
        assertEquals(3, events.named("request_start").size(), "each request recorded once");
    }

    @Test
    void aRequestsIdContinuesInTheServiceItCalls() throws Exception {
        Path config = ConfigFile.write("agent.properties",
                "predlog.http.servers = true",
                "predlog.predict.echo = " + EchoModel.class.getName() + "#predict");
        Map<String, HttpResponse<String>> responses = new LinkedHashMap<>();
        JvmRun downstream;
        JvmRun upstream;
        String outside;
        try (RunningJvm second = AgentJvm.main(RelayService.class).agentArgs("config=" + config).start()) {
            String echo = "http://127.0.0.1:" + second.awaitStdout(LISTENING, START).group(1);
            try (RunningJvm first = AgentJvm.main(RelayService.class).agentArgs("config=" + config).args(echo).start()) {
                outside = first.awaitStdout(OUTSIDE, START).group(1);
                URI base = URI.create("http://127.0.0.1:" + first.awaitStdout(LISTENING, START).group(1));
                for (String call : new String[] {"client", "async", "urlconnection", "own-header"}) {
                    responses.put(call, client.send(HttpRequest.newBuilder(base.resolve("/relay/" + call))
                            .header("X-Request-ID", "chain-" + call).build(), HttpResponse.BodyHandlers.ofString()));
                }
                responses.put("generated", client.send(HttpRequest.newBuilder(base.resolve("/relay/client")).build(),
                        HttpResponse.BodyHandlers.ofString()));
                responses.put("generated-urlconnection", client.send(HttpRequest.newBuilder(
                        base.resolve("/relay/urlconnection")).build(), HttpResponse.BodyHandlers.ofString()));
                upstream = first.stop();
            }
            downstream = second.stop();
        }
        responses.values().forEach(r -> assertEquals(200, r.statusCode(), r.body()));

        for (String call : new String[] {"client", "async", "urlconnection"}) {
            String id = "chain-" + call;
            assertEquals("X-Request-ID=" + id + ";traceparent=-", responses.get(call).body(),
                    call + ": the id goes on; it is no trace-id, so no traceparent");
            assertEquals(List.of("request_start", "request_success"), upstream.events().with("request_id", id)
                    .texts("event"), call);
            assertEquals(List.of("request_start", "prediction_success", "request_success"),
                    downstream.events().with("request_id", id).texts("event"), call + ": one id in both services");
        }
        assertEquals("X-Request-ID=app-own;traceparent=-", responses.get("own-header").body(),
                "the application's own header is never replaced");

        for (String call : new String[] {"generated", "generated-urlconnection"}) {
            String id = responses.get(call).headers().firstValue("X-Request-ID").orElseThrow();
            assertTrue(GENERATED.matcher(id).matches(), id);
            assertTrue(responses.get(call).body().matches("X-Request-ID=" + id + ";traceparent=00-" + id
                    + "-[0-9a-f]{16}-01"), call + ": a generated id is a trace-id, and goes on as both: "
                    + responses.get(call).body());
            assertEquals(3, downstream.events().with("request_id", id).size(), call + ": " + downstream.events());
        }

        assertEquals("X-Request-ID=-;traceparent=- | X-Request-ID=-;traceparent=-", outside,
                "nothing is added outside a request");
    }

    @Test
    void javaxServletsAdoptEchoAndRecordEachRequestOnce() {
        JvmRun run = AgentJvm.main(JavaxServletApp.class)
                .classpath(TestEnvironment.fixtureClasses(), jarOf(javax.servlet.http.HttpServlet.class))
                .agentArgs("http.servers=true,predict.echo=" + EchoModel.class.getName() + "#predict")
                .run().assertSucceeded();
        assertEquals(List.of("plain response X-Request-ID=jx-1",
                "traceparent response X-Request-ID=" + JavaxServletApp.TRACE_ID,
                "override response X-Request-ID=jx-override",
                "committed response X-Request-ID=-",
                "filter-set response X-Request-ID=set-by-filter"), run.appStdout());
        Events events = run.events();
        for (String id : List.of("jx-1", JavaxServletApp.TRACE_ID, "jx-override", "jx-committed", "jx-filter")) {
            assertEquals(List.of("request_start", "prediction_success", "request_success"),
                    events.with("request_id", id).texts("event"), id + ": " + events);
        }
        JsonNode override = events.with("request_id", "jx-override").named("request_start").single();
        assertEquals(JavaxServletApp.OverridingServlet.class.getName() + "#service", override.path("method").asText(),
                "the outermost service call is the request");
    }

    @Test
    void jakartaServletsInJettyAdoptAndEchoIds() throws Exception {
        Path config = ConfigFile.write("agent.properties",
                "predlog.http.servers = true",
                "predlog.predict.echo = " + EchoModel.class.getName() + "#predict");
        List<HttpResponse<String>> responses = new ArrayList<>();
        JvmRun server;
        try (RunningJvm running = AgentJvm.main(JettyServletApp.class).classpath(jettyClassPath())
                .agentArgs("config=" + config).start()) {
            URI base = URI.create("http://127.0.0.1:" + running.awaitStdout(LISTENING, START).group(1));
            responses.add(client.send(HttpRequest.newBuilder(base.resolve("/score")).header("X-Request-ID", "jk-1")
                    .build(), HttpResponse.BodyHandlers.ofString()));
            responses.add(client.send(HttpRequest.newBuilder(base.resolve("/score"))
                    .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01").build(),
                    HttpResponse.BodyHandlers.ofString()));
            responses.add(client.send(HttpRequest.newBuilder(base.resolve("/own")).header("X-Request-ID", "jk-own")
                    .build(), HttpResponse.BodyHandlers.ofString()));
            server = running.stop();
        }
        responses.forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        assertEquals("jk-1", responses.get(0).headers().firstValue("X-Request-ID").orElse(null));
        assertEquals(TRACE_ID, responses.get(1).headers().firstValue("X-Request-ID").orElse(null));
        assertEquals(List.of("app-own"), responses.get(2).headers().allValues("X-Request-ID"),
                "a header a filter set is the application's");
        Events events = server.events();
        for (String id : List.of("jk-1", TRACE_ID, "jk-own")) {
            Events request = events.with("request_id", id);
            assertEquals(List.of("request_start", "prediction_success", "request_success"), request.texts("event"),
                    id + ": " + events);
            assertEquals("jakarta.servlet.http.HttpServlet#service", request.named("request_start").single()
                    .path("method").asText(), "the servlet's HTTP service overload, not the container's own");
        }
    }

    private static Path[] jettyClassPath() {
        List<Path> path = new ArrayList<>();
        path.add(TestEnvironment.fixtureClasses());
        for (String type : List.of("jakarta.servlet.http.HttpServlet", "org.eclipse.jetty.server.Server",
                "org.eclipse.jetty.util.component.LifeCycle", "org.eclipse.jetty.io.EndPoint",
                "org.eclipse.jetty.http.HttpField", "org.eclipse.jetty.security.SecurityHandler",
                "org.eclipse.jetty.session.SessionManager", "org.eclipse.jetty.ee10.servlet.ServletContextHandler",
                "org.slf4j.LoggerFactory")) {
            try {
                Path jar = jarOf(Class.forName(type, false, HttpRequestIdsTest.class.getClassLoader()));
                if (!path.contains(jar)) {
                    path.add(jar);
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("test dependency missing: " + type, e);
            }
        }
        return path.toArray(new Path[0]);
    }

    private static Path jarOf(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
