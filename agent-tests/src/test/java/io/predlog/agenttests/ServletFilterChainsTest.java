package io.predlog.agenttests;

import io.predlog.agenttests.fixtures.filters.FilterChainApp;
import io.predlog.agenttests.fixtures.filters.JakartaChain;
import io.predlog.agenttests.fixtures.filters.JavaxChain;
import io.predlog.agenttests.fixtures.http.EchoModel;
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
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Servlets behind two filters in real containers, javax (Jetty 12, ee8: Servlet 4.0) and jakarta (Jetty 12,
 * ee10), both in {@link FilterChainApp}: with {@code predlog.http.servers} alone, and with the user's entry
 * targets on {@code Filter#doFilter} besides, each request is one {@code request_start} and one
 * {@code request_success} whose {@code method} is the first entry the request passed (the servlet's
 * {@code service}, or the first filter), and its prediction carries the request's id.
 * {@value #REQUESTS} requests per container per run.
 */
class ServletFilterChainsTest {

    static final int REQUESTS = 500;
    private static final Pattern MADE = Pattern.compile("calls javax=(\\d+) jakarta=(\\d+)");
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private static JvmRun builtIn;
    private static JvmRun withFilterTargets;

    @BeforeAll
    static void serveBothConfigurations() {
        builtIn = serve("predlog.http.servers = true");
        withFilterTargets = serve("predlog.http.servers = true",
                "predlog.entry.filters = javax.servlet.Filter#doFilter",
                "predlog.entry.jakarta_filters = jakarta.servlet.Filter#doFilter");
    }

    @Test
    void javaxWithTheBuiltInTargetsEachRequestIsOneRequestOfTheServlet() {
        assertEachRequestIsOne(builtIn, "jx-", 0, "http", JavaxChain.ScoringServlet.class.getName() + "#service");
    }

    @Test
    void jakartaWithTheBuiltInTargetsEachRequestIsOneRequestOfTheServlet() {
        assertEachRequestIsOne(builtIn, "jk-", 1, "http", JakartaChain.ScoringServlet.class.getName() + "#service");
    }

    @Test
    void javaxWithFilterTargetsEachRequestIsOneRequestOfTheFirstFilter() {
        assertEachRequestIsOne(withFilterTargets, "jx-", 0, "filters",
                JavaxChain.FirstFilter.class.getName() + "#doFilter");
    }

    @Test
    void jakartaWithFilterTargetsEachRequestIsOneRequestOfTheFirstFilter() {
        assertEachRequestIsOne(withFilterTargets, "jk-", 1, "jakarta_filters",
                JakartaChain.FirstFilter.class.getName() + "#doFilter");
    }

    @Test
    void eachRunRecordsItsRequestsAndPredictionsAndNothingElse() {
        for (JvmRun run : List.of(builtIn, withFilterTargets)) {
            long made = made(run, 0) + made(run, 1);
            assertEquals(2L * REQUESTS, made, "each servlet predicted once per request");
            assertEquals(Map.of("request_start", 2L * REQUESTS, "prediction_success", made,
                    "request_success", 2L * REQUESTS), withoutStats(run).countBy("event"),
                    "one request per request: " + withoutStats(run).named("request_start").countBy("method"));
        }
    }

    private static JvmRun serve(String... entryTargets) {
        List<String> lines = new ArrayList<>(List.of(entryTargets));
        lines.add("predlog.predict.echo = " + EchoModel.class.getName() + "#predict");
        Path config = ConfigFile.write("agent.properties", lines.toArray(new String[0]));
        try (RunningJvm running = AgentJvm.main(FilterChainApp.class).classpath(classPath())
                .agentArgs("config=" + config).timeout(LIMIT).start()) {
            URI javax = URI.create("http://127.0.0.1:" + running.awaitStdout(
                    Pattern.compile("^javax listening on (\\d+)"), LIMIT).group(1) + "/score");
            URI jakarta = URI.create("http://127.0.0.1:" + running.awaitStdout(
                    Pattern.compile("^jakarta listening on (\\d+)"), LIMIT).group(1) + "/score");
            HttpLoad.send(2 * REQUESTS, 4, LIMIT, i -> i % 2 == 0
                    ? HttpLoad.get(javax, "jx-" + i / 2) : HttpLoad.get(jakarta, "jk-" + i / 2));
            return running.stop();
        }
    }

    private static void assertEachRequestIsOne(JvmRun run, String idPrefix, int container, String target,
                                               String method) {
        assertEquals(REQUESTS, made(run, container), "the servlet predicted once per request");
        Map<String, Events> byRequest = withoutStats(run).groupedBy("request_id");
        for (int i = 0; i < REQUESTS; i++) {
            Events request = byRequest.getOrDefault(idPrefix + i, new Events(List.of()));
            assertEquals(List.of("request_start", "prediction_success", "request_success"), request.texts("event"),
                    idPrefix + i + ": " + request);
            assertEquals(List.of(target, "echo", target), request.texts("target"), idPrefix + i);
            assertEquals(method, request.all().get(0).path("method").asText(), idPrefix + i + ": " + request);
            assertEquals(method, request.all().get(2).path("method").asText());
        }
    }

    private static Events withoutStats(JvmRun run) {
        return run.events().where(e -> !e.path("event").asText().equals("model_stats"));
    }

    private static long made(JvmRun run, int container) {
        return run.appStdout().stream().map(MADE::matcher).filter(Matcher::matches)
                .mapToLong(m -> Long.parseLong(m.group(container + 1))).findFirst()
                .orElseGet(() -> fail("the application printed no calls javax=<n> jakarta=<n>\n" + run.describe()));
    }

    private static Path[] classPath() {
        List<Path> path = new ArrayList<>();
        path.add(TestEnvironment.fixtureClasses());
        for (String type : List.of("javax.servlet.http.HttpServlet", "jakarta.servlet.http.HttpServlet",
                "org.eclipse.jetty.server.Server", "org.eclipse.jetty.util.component.LifeCycle",
                "org.eclipse.jetty.io.EndPoint", "org.eclipse.jetty.http.HttpField",
                "org.eclipse.jetty.security.SecurityHandler", "org.eclipse.jetty.session.SessionManager",
                "org.eclipse.jetty.ee10.servlet.ServletContextHandler", "org.eclipse.jetty.ee8.servlet.ServletContextHandler",
                "org.eclipse.jetty.ee8.nested.ContextHandler", "org.eclipse.jetty.ee8.security.SecurityHandler",
                "org.slf4j.LoggerFactory")) {
            try {
                Path jar = Paths.get(Class.forName(type, false, ServletFilterChainsTest.class.getClassLoader())
                        .getProtectionDomain().getCodeSource().getLocation().toURI());
                if (!path.contains(jar)) {
                    path.add(jar);
                }
            } catch (Exception e) {
                throw new IllegalStateException("test dependency missing: " + type, e);
            }
        }
        return path.toArray(new Path[0]);
    }
}
