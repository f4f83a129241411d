package io.predlog.agenttests;

import io.predlog.agenttests.fixtures.logging.Log4jService;
import io.predlog.agenttests.fixtures.logging.Slf4jService;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.TestEnvironment;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Application logs: while a request runs, its id is in the application's own logging context (SLF4J's
 * MDC for Logback, Log4j 2's ThreadContext) under {@code request_id}, on the request's thread and on the
 * worker that runs its prediction, and what the application had there before is put back afterwards.
 */
class LogsCarryTheRequestIdTest {

    private static JvmRun run(Class<?> service, String framework, String configProperty, String configFile) {
        Path config = ConfigFile.write("agent.properties",
                "predlog.predict.model = " + service.getName() + "#predict",
                "predlog.entry.request = " + service.getName() + "#handle",
                "predlog.entry.request.request_id = arg0");
        List<Path> classpath = new ArrayList<>();
        classpath.add(TestEnvironment.fixtureClasses());
        classpath.addAll(TestEnvironment.loggingLibs(framework));
        return AgentJvm.main(service).classpath(classpath.toArray(new Path[0]))
                .systemProperty(configProperty, TestEnvironment.fixtureClasses()
                        .resolve("logging").resolve(configFile).toString())
                .agentArgs("config=" + config).run().assertSucceeded();
    }

    private static List<String> logLines(JvmRun run) {
        return run.appStdout().stream().filter(line -> line.startsWith("log|")).toList();
    }

    @Test
    void logbackLinesOfTheRequestAndOfItsWorkerCarryItsIdAndTheAppsOwnValueComesBack() {
        JvmRun run = run(Slf4jService.class, "logback", "logback.configurationFile", "logback-test-pattern.xml");
        assertEquals(List.of("log|app-own|before", "log|req-7|handling", "log|req-7|predicting",
                "log|app-own|after", "log||worker idle"), logLines(run), run.describe());
        assertEquals("req-7", run.events().named("prediction_success").single().path("request_id").asText());
    }

    @Test
    void log4jThreadContextLinesCarryTheIdToo() {
        JvmRun run = run(Log4jService.class, "log4j", "log4j2.configurationFile", "log4j2-test-pattern.xml");
        assertEquals(List.of("log|app-own|before", "log|req-8|handling", "log|req-8|predicting",
                "log|app-own|after", "log||worker idle"), logLines(run), run.describe());
    }
}
