package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.HttpLoad;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.RunningJvm;
import io.predlog.agenttests.harness.TestEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A Spring Boot 3.5 service run as its users run it ({@code java -jar} on an executable jar with nested jars,
 * embedded Tomcat; {@code test-apps/spring-boot-app}): its model is a {@code @Service} that Spring wraps in a
 * CGLIB subclass, its ranker is reached through a JDK dynamic proxy. Each call is one event on the application's
 * class, never on a proxy; each HTTP request is one request; the predictions carry its id.
 */
class SpringBootProxiesTest {

    static final int REQUESTS = 1000;
    private static final String APP = "io.predlog.testapps.spring.";
    private static final Pattern LISTENING = Pattern.compile("spring-boot-app listening on (\\d+)");
    private static final Duration LIMIT = Duration.ofSeconds(120);

    private static JvmRun run;
    private static Events events;

    @BeforeAll
    static void serveRequests() {
        Path config = ConfigFile.write("agent.properties",
                "predlog.http.servers = true",
                "predlog.predict.score = " + APP + "ScoringService#score",
                "predlog.predict.rank = " + APP + "Ranker#rank");
        try (RunningJvm running = AgentJvm.jar(TestEnvironment.springBootAppJar()).agentArgs("config=" + config)
                .timeout(LIMIT).start()) {
            URI uri = URI.create("http://127.0.0.1:" + running.awaitStdout(LISTENING, LIMIT).group(1) + "/score");
            HttpLoad.send(REQUESTS, 4, LIMIT, i -> HttpRequest.newBuilder(uri).header("X-Request-ID", id(i))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":" + i + ",\"age\":42}")).build());
            run = running.stop();
        }
        events = run.events();
    }

    @Test
    void springWrapsTheServiceInACglibSubclassAndTheRankerInAJdkProxy() {
        assertTrue(run.appStdout().contains("scoring bean class: " + APP + "ScoringService$$SpringCGLIB$$0"),
                run.describe());
        assertTrue(run.appStdout().stream().anyMatch(line -> line.matches(
                "ranker bean class: jdk\\.proxy\\d+\\.\\$Proxy\\d+ jdk-proxy=true")), run.describe());
        assertEquals(REQUESTS, made("score"), "the service received every request's call");
        assertEquals(REQUESTS, made("rank"));
    }

    @Test
    void eachScoreIsOneEventOnTheServiceNeverOnItsCglibSubclass() {
        Events score = events.named("prediction_success").target("score");
        assertEquals(Map.of(APP + "ScoringService#score", (long) made("score")), score.countBy("method"));
        assertEquals(Map.of("ScoringService", (long) made("score")), score.countBy("model_id"));
    }

    @Test
    void eachRankIsOneEventOnTheRealClassNeverOnTheJdkProxy() {
        Events rank = events.named("prediction_success").target("rank");
        assertEquals(Map.of(APP + "LinearRanker#rank", (long) made("rank")), rank.countBy("method"));
        assertEquals(Map.of("LinearRanker", (long) made("rank")), rank.countBy("model_id"));
    }

    @Test
    void eachHttpRequestIsOneRequestAndItsPredictionsCarryItsId() {
        Map<String, Events> byRequest = events.where(e -> !e.path("event").asText().equals("model_stats"))
                .groupedBy("request_id");
        for (int i = 0; i < REQUESTS; i++) {
            Events request = byRequest.getOrDefault(id(i), new Events(List.of()));
            assertEquals(List.of("request_start", "prediction_success", "prediction_success", "request_success"),
                    request.texts("event"), id(i) + ": " + request);
            assertEquals(List.of("http", "score", "rank", "http"), request.texts("target"), id(i));
            JsonNode start = request.all().get(0);
            assertEquals("org.springframework.web.servlet.FrameworkServlet#service", start.path("method").asText(),
                    "DispatcherServlet's service, overridden by FrameworkServlet, which calls super: " + start);
        }
        assertEquals(REQUESTS, byRequest.size(), "no event outside the test's requests: " + byRequest.keySet().stream()
                .filter(id -> !id.startsWith("sb-")).toList());
    }

    @Test
    void everyCallIsOneEventAndNothingFails() {
        Map<String, Long> counts = events.where(e -> !e.path("event").asText().equals("model_stats"))
                .countBy("event");
        assertEquals(Map.of("request_start", (long) REQUESTS, "request_success", (long) REQUESTS,
                "prediction_success", (long) made("score") + made("rank")), counts);
    }

    private static String id(int i) {
        return "sb-" + i;
    }

    /** The calls the application counted, from its {@code calls <kind>=<n>} line at exit. */
    private static int made(String kind) {
        Pattern line = Pattern.compile("calls " + kind + "=(\\d+)");
        return run.appStdout().stream().map(line::matcher).filter(Matcher::matches)
                .mapToInt(m -> Integer.parseInt(m.group(1))).findFirst()
                .orElseGet(() -> fail("the application printed no calls " + kind + "=<n>\n" + run.describe()));
    }
}
