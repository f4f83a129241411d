package io.predlog.agenttests;

import io.predlog.agenttests.fixtures.filters.JdkServerApp;
import io.predlog.agenttests.fixtures.http.EchoModel;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.HttpLoad;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.RunningJvm;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The JDK's HttpServer with a {@code com.sun.net.httpserver.Filter} on the context and a handler that delegates
 * to another handler ({@link JdkServerApp}): whether the request is recorded by {@code predlog.http.servers} or
 * by the user's own target on {@code HttpHandler#handle}, each request is one request, its {@code method} the
 * application's outer handler (never the JDK's own {@code sun.net.httpserver} dispatch), its prediction inside
 * it. {@value #REQUESTS} requests per run.
 */
class JdkHttpServerFiltersTest {

    static final int REQUESTS = 500;
    private static final Pattern LISTENING = Pattern.compile("listening on (\\d+)");
    private static final Pattern MADE = Pattern.compile("calls predict=(\\d+)");
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String OUTER = JdkServerApp.OuterHandler.class.getName() + "#handle";

    @Test
    void withTheBuiltInServerTargetsEachRequestIsOneRequestOfTheOuterHandler() {
        JvmRun run = serve("jdk-builtin-", "predlog.http.servers = true");
        assertEachRequestIsOne(run, "jdk-builtin-", "http");
    }

    @Test
    void withTheUsersTargetOnHttpHandlerEachRequestIsOneRequestOfTheOuterHandler() {
        JvmRun run = serve("jdk-user-", "predlog.entry.http = com.sun.net.httpserver.HttpHandler#handle");
        assertEachRequestIsOne(run, "jdk-user-", "http");
    }

    private static JvmRun serve(String idPrefix, String entryTarget) {
        Path config = ConfigFile.write("agent.properties", entryTarget,
                "predlog.predict.echo = " + EchoModel.class.getName() + "#predict");
        // TCP_NODELAY: the server writes headers and body apart; without it each response waits for a delayed ACK.
        try (RunningJvm running = AgentJvm.main(JdkServerApp.class).agentArgs("config=" + config).timeout(LIMIT)
                .systemProperty("sun.net.httpserver.nodelay", "true").start()) {
            URI uri = URI.create("http://127.0.0.1:" + running.awaitStdout(LISTENING, LIMIT).group(1) + "/score");
            HttpLoad.send(REQUESTS, 4, LIMIT, i -> HttpLoad.get(uri, idPrefix + i));
            return running.stop();
        }
    }

    private static void assertEachRequestIsOne(JvmRun run, String idPrefix, String target) {
        int made = made(run);
        assertEquals(REQUESTS, made, "the application predicted once per request");
        Events events = run.events().where(e -> !e.path("event").asText().equals("model_stats"));
        Map<String, Events> byRequest = events.groupedBy("request_id");
        for (int i = 0; i < REQUESTS; i++) {
            Events request = byRequest.getOrDefault(idPrefix + i, new Events(List.of()));
            assertEquals(List.of("request_start", "prediction_success", "request_success"), request.texts("event"),
                    idPrefix + i + ": " + request);
            assertEquals(List.of(target, "echo", target), request.texts("target"), idPrefix + i);
            assertEquals(OUTER, request.all().get(0).path("method").asText(),
                    "the application's outer handler, not the JDK's dispatch nor the inner handler: " + request);
        }
        assertEquals(Map.of("request_start", (long) REQUESTS, "prediction_success", (long) made,
                "request_success", (long) REQUESTS), events.countBy("event"), "nothing else: " + events.countBy("method"));
        assertEquals(Map.of(OUTER, (long) REQUESTS), events.named("request_start").countBy("method"));
    }

    private static int made(JvmRun run) {
        return run.appStdout().stream().map(MADE::matcher).filter(Matcher::matches)
                .mapToInt(m -> Integer.parseInt(m.group(1))).findFirst()
                .orElseGet(() -> fail("the application printed no calls predict=<n>\n" + run.describe()));
    }
}
