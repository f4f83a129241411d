package io.predlog.cli.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.predlog.agent.drift.Baseline;
import io.predlog.agent.drift.BaselineFiles;
import io.predlog.agent.drift.Distribution;
import io.predlog.cli.CommandRunner;
import io.predlog.cli.fixture.AgentLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesAFileTheAgentsBaselineReaderAcceptsWithTheVersionsInputValues() throws Exception {
        Path out = dir.resolve("fraud-v1.json");
        CommandRunner.Run run = CommandRunner.run("baseline", "--model", "fraud", "--version", "v1", "-o", out.toString(),
                AgentLogs.fraud().toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("wrote " + out + ": baseline of fraud v1 from 305 successful predictions, "
                + "2 numeric features (amount, count)"), run.out());

        BaselineFiles files = BaselineFiles.read(List.of(out));
        Baseline v1 = files.find("score", "fraud", "v1");
        assertNotNull(v1, "the agent finds the baseline for any target of fraud v1");
        assertNull(files.find("score", "fraud", "v2"));
        assertEquals(305, v1.calls());
        Distribution amount = v1.features().get("amount");
        assertInstanceOf(Distribution.Numeric.class, amount);
        assertEquals(305, amount.count());
        double median = ((Distribution.Numeric) amount).sketch().getQuantile(0.5);
        assertTrue(median > 95 && median < 105, "amounts ~ N(100, 10): median " + median);
    }

    @Test
    void aTargetGivenOnceIsWrittenIntoTheEntryAndValuesAreCappedBySampling() throws Exception {
        Path out = dir.resolve("b.json");
        CommandRunner.Run run = CommandRunner.run("baseline", "--model", "fraud", "--version", "v2", "--target", "score",
                "--max-values", "100", "-o", out.toString(), AgentLogs.gateway().toString());
        assertEquals(0, run.exit(), run.err());
        BaselineFiles files = BaselineFiles.read(List.of(out));
        assertEquals("score", files.entries().get(0).target());
        Baseline v2 = files.find("score", "fraud", "v2");
        assertEquals(100, v2.features().get("amount").count());
        assertTrue(v2.calls() > 200, "calls counts every success: " + v2.calls());
        assertTrue(Files.readString(out).contains("\"format\" : \"predlog-baseline\""));
    }

    @Test
    void withoutOneModelAndOneVersionItIsAUsageError() {
        CommandRunner.Run run = CommandRunner.run("baseline", "--model", "fraud", "-o", dir.resolve("x.json").toString(),
                AgentLogs.fraud().toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("give one --model and one --version, e.g. --model churn --version 3"), run.err());
    }

    @Test
    void aVersionWithoutPredictionsWritesNothingAndSaysWhy() {
        Path out = dir.resolve("none.json");
        CommandRunner.Run run = CommandRunner.run("baseline", "--model", "fraud", "--version", "v9", "-o", out.toString(),
                AgentLogs.fraud().toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("no prediction_success of model fraud version v9"), run.err());
        assertTrue(!Files.exists(out));
    }
}
