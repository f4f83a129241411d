package io.predlog.cli.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.predlog.cli.CommandRunner;
import io.predlog.cli.fixture.AgentLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {

    static final String CLASSES = Path.of("target", "test-classes").toAbsolutePath().toString();

    @TempDir
    Path dir;

    @Test
    void theMethodsDoctorNamesAreTheMethodsTheRealAgentRecorded() {
        CommandRunner.Run doctor = CommandRunner.run("doctor", "--config", AgentLogs.config().toString(), "--classpath", CLASSES);
        assertEquals(0, doctor.exit(), doctor.err());
        assertTrue(doctor.out().contains("valid: every key, pattern and expression parses"), doctor.out());
        Set<String> predicted = new TreeSet<>();
        String target = null;
        for (String line : doctor.out().lines().toList()) {
            if (line.startsWith("predlog.")) {
                target = line.substring(line.indexOf('.', 8) + 1, line.indexOf(" = "));
            } else if (line.startsWith("    io.predlog.")) {
                predicted.add(target + " " + line.trim().replaceAll("\\(.*", ""));
            }
        }
        CommandRunner.Run recorded = CommandRunner.run("sql", "--format", "csv",
                "SELECT DISTINCT target || ' ' || method FROM events WHERE method IS NOT NULL AND event <> 'inflight_at_crash'",
                AgentLogs.fraud().toString());
        Set<String> actual = new TreeSet<>(recorded.out().lines().skip(1).toList());
        assertEquals(Set.of("api io.predlog.cli.fixture.Api#handle", "registry io.predlog.cli.fixture.ModelRegistry#load",
                "score io.predlog.cli.fixture.FraudModel#score"), actual);
        assertEquals(actual, predicted);
    }

    @Test
    void aTargetMatchingNothingGetsTheNearestClassOrMethodNames() throws Exception {
        Path config = Files.writeString(dir.resolve("agent.properties"), String.join("\n",
                "predlog.predict.typo = io.predlog.cli.fixture.FraudModle#score",
                "predlog.predict.wrong_method = io.predlog.cli.fixture.FraudModel#scroe",
                "predlog.predict.wrong_params = io.predlog.cli.fixture.FraudModel#score(String)",
                ""));
        CommandRunner.Run run = CommandRunner.run("doctor", "--config", config.toString(), "--classpath", CLASSES);
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        int typo = lines.indexOf("predlog.predict.typo = io.predlog.cli.fixture.FraudModle#score");
        assertEquals("  MATCHES NOTHING on this class path", lines.get(typo + 1));
        assertEquals("  nearest classes: io.predlog.cli.fixture.FraudModel", lines.get(typo + 3));
        int method = lines.indexOf("predlog.predict.wrong_method = io.predlog.cli.fixture.FraudModel#scroe");
        assertEquals("  nearest methods: score(java.util.Map)", lines.get(method + 4));
        int params = lines.indexOf("predlog.predict.wrong_params = io.predlog.cli.fixture.FraudModel#score(String)");
        assertEquals("  none of their concrete methods matches score(String)", lines.get(params + 3));
        assertEquals("  nearest methods: score(java.util.Map)", lines.get(params + 4));
    }

    @Test
    void expressionErrorsAreReportedAsTheAgentWouldAndTheRestIsStillChecked() throws Exception {
        Path config = Files.writeString(dir.resolve("agent.properties"), String.join("\n",
                "predlog.predict.score = io.predlog.cli.fixture.FraudModel#score",
                "predlog.predict.score.model_id = arg0.(",
                ""));
        CommandRunner.Run run = CommandRunner.run("doctor", "--config", config.toString(), "--classpath", CLASSES);
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("1 error: the agent would report these and disable itself:\n"
                + "    predlog.predict.score.model_id: " + config.toAbsolutePath() + ":2: bad expression 'arg0.('"), run.out());
        assertTrue(run.out().contains("without predlog.predict.score.model_id:"), run.out());
        assertTrue(run.out().contains("  matches 1 method:\n    io.predlog.cli.fixture.FraudModel#score(java.util.Map)"), run.out());
    }

    @Test
    void controlCharactersFromTheConfigurationAreEscapedNotSentToTheTerminal() throws Exception {
        Path config = Files.writeString(dir.resolve("agent.properties"), String.join("\n",
                "predlog.predict.score = io.predlog.cli.fixture.FraudModel#score",
                "predlog.predict.score.model_id = arg0.(\u001b[31m",
                "predlog.sampel.success = 0.5\u001b[2J",
                ""));
        CommandRunner.Run run = CommandRunner.run("doctor", "--config", config.toString(), "--classpath", CLASSES);
        assertEquals(0, run.exit(), run.err());
        assertFalse(run.out().contains("\u001b"), run.out());
        assertTrue(run.out().contains("bad expression 'arg0.(\\u001b[31m'"), run.out());
    }

    @Test
    void aMissingConfigIsAUsageErrorAndAClassPathWithoutClassesExitsWithOne() throws Exception {
        CommandRunner.Run missing = CommandRunner.run("doctor", "--config", dir.resolve("nope.properties").toString(),
                "--classpath", CLASSES);
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no such file; give the agent's properties file"), missing.err());
        Path config = Files.writeString(dir.resolve("agent.properties"), "predlog.predict.s = a.B#c\n");
        CommandRunner.Run empty = CommandRunner.run("doctor", "--config", config.toString(), "--classpath",
                dir.resolve("missing.jar").toString());
        assertEquals(1, empty.exit());
        assertTrue(empty.err().contains("could not read class path entry " + dir.resolve("missing.jar")), empty.err());
        assertTrue(empty.err().contains("no classes found on the class path"), empty.err());
    }

    @Test
    void aStaticInitialiserTargetNamesTheClassInitialiserItWeaves() throws Exception {
        String type = StaticallyLoadedModel.class.getName();
        Path config = Files.writeString(dir.resolve("agent.properties"), String.join("\n",
                "predlog.load.weights = " + type + "#<clinit>",
                "predlog.load.weights.model_id = \"weights\"",
                "predlog.load.plain = " + Plain.class.getName() + "#<clinit>",
                ""));
        CommandRunner.Run run = CommandRunner.run("doctor", "--config", config.toString(), "--classpath", CLASSES);
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        int weights = lines.indexOf("predlog.load.weights = " + type + "#<clinit>");
        assertTrue(weights >= 0, run.out());
        assertEquals("  model_id = \"weights\"  (parses)", lines.get(weights + 1), run.out());
        assertEquals("  matches 1 method:", lines.get(weights + 2), run.out());
        assertEquals("    " + type + "#<clinit>()", lines.get(weights + 3), "the class initialiser the agent weaves");
        int plain = lines.indexOf("predlog.load.plain = " + Plain.class.getName() + "#<clinit>");
        assertEquals("  MATCHES NOTHING on this class path", lines.get(plain + 1), run.out());
    }

    /** A model whose weights are made in its static initialiser. */
    static final class StaticallyLoadedModel {
        static final double[] WEIGHTS = new double[] {0.25, 0.5, 0.25};

        private StaticallyLoadedModel() {
        }
    }

    /** A class with no static initialiser. */
    static final class Plain {
        private Plain() {
        }
    }
}
