package io.predlog.cli.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.predlog.cli.CommandRunner;
import io.predlog.cli.fixture.AgentLogs;
import org.junit.jupiter.api.Test;

class CompareCommandTest {

    private static String line(List<String> lines, String start) {
        return lines.stream().filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + start + "' in\n" + String.join("\n", lines)));
    }

    @Test
    void marksTheSlowerFailingVersionsDifferencesAsSignificantButNotTheSameInputs() {
        CommandRunner.Run run = CommandRunner.run("compare", "--model", "fraud", "v1", "v2", AgentLogs.gateway().toString());
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).matches("model fraud: v1 vs v2 over the period both served: \\S+Z \\.\\. \\S+Z"), lines.get(0));
        assertTrue(lines.get(1).contains("significant at alpha 0.01 (two-sided; error rate: two-proportion z-test; "
                + "latency: Mann-Whitney U; input size and values: Kolmogorov-Smirnov)"), lines.get(1));
        assertTrue(line(lines, "error rate").matches("error rate +0\\.00% \\(0\\) +\\d+\\.\\d\\d% \\(\\d+\\) +\\+\\d+\\.\\d\\d pp +"
                + "\\* two-proportion z-test p=.*"), line(lines, "error rate"));
        assertTrue(line(lines, "  java.lang.IllegalArgumentException").matches(" +java.lang.IllegalArgumentException +0 +\\d+"),
                line(lines, "  java.lang.IllegalArgumentException"));
        assertTrue(line(lines, "latency p50 ms").contains("* Mann-Whitney U p="), line(lines, "latency p50 ms"));
        int amount = lines.indexOf(line(lines, "input.values['amount'] n"));
        assertTrue(lines.get(amount + 1).matches(" +mean +\\S+ +\\S+ +\\S+ +Kolmogorov-Smirnov p=.*"),
                "the same input distribution is not marked: " + lines.get(amount + 1));
        assertTrue(line(lines, "distinct outputs").matches("distinct outputs +\\d+ of \\d+ \\(.*\\) +\\d+ of \\d+ \\(.*\\)"),
                line(lines, "distinct outputs"));
    }

    @Test
    void usageErrorsSayWhatToTypeInstead() {
        CommandRunner.Run noModel = CommandRunner.run("compare", "v1", "v2", AgentLogs.gateway().toString());
        assertEquals(2, noModel.exit());
        assertTrue(noModel.err().contains("give the model to compare with one --model, e.g. compare --model churn 2 3"), noModel.err());
        CommandRunner.Run versionOption = CommandRunner.run("compare", "--model", "fraud", "--version", "v1", "v1", "v2");
        assertEquals(2, versionOption.exit());
        assertTrue(versionOption.err().contains("compare --model fraud v1 v2"), versionOption.err());
        CommandRunner.Run one = CommandRunner.run("compare", "--model", "fraud", "v1");
        assertEquals(2, one.exit());
        assertTrue(one.err().contains("Missing required parameter: 'VERSION_B'"), one.err());
    }

    @Test
    void aVersionWithoutPredictionsNamesTheVersionsThatHaveSome() {
        CommandRunner.Run run = CommandRunner.run("compare", "--model", "fraud", "v1", "v7", AgentLogs.gateway().toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("no predictions of fraud version v7 in the events read (versions seen: v1)"), run.err());
    }
}
