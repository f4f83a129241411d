package io.predlog.benchmarks.wholeprocess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WholeProcessOptionsTest {

    @Test
    void aBaselineBuildRunsBesideTheOthersWithItsOwnJar(@TempDir Path dir) throws IOException {
        Path agent = Files.createFile(dir.resolve("agent.jar"));
        Path otel = Files.createFile(dir.resolve("otel.jar"));
        Path baseline = Files.createFile(dir.resolve("before.jar"));
        WholeProcessOptions options = WholeProcessOptions.parse(new String[] {"--agent", agent.toString(),
            "--otel", otel.toString(), "--baseline", baseline.toString(), "--cases", "map18-typical"});
        assertEquals(List.of(Agent.NONE, Agent.PREDLOG, Agent.OTEL, Agent.BASELINE), options.agents());
        assertEquals(baseline.toAbsolutePath(), options.jarOf(Agent.BASELINE));
        assertEquals(agent.toAbsolutePath(), options.jarOf(Agent.PREDLOG));
        assertTrue(Agent.BASELINE.predlog() && Agent.PREDLOG.predlog() && !Agent.OTEL.predlog());
    }

    @Test
    void withoutThePeerOrABaselineOnlyNoAgentAndPredlogRun(@TempDir Path dir) throws IOException {
        Path agent = Files.createFile(dir.resolve("agent.jar"));
        WholeProcessOptions options = WholeProcessOptions.parse(new String[] {"--agent", agent.toString(),
            "--cases", "map18-typical"});
        assertEquals(List.of(Agent.NONE, Agent.PREDLOG), options.agents());
    }

    @Test
    void aMissingBaselineJarIsNamedInTheError(@TempDir Path dir) throws IOException {
        Path agent = Files.createFile(dir.resolve("agent.jar"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WholeProcessOptions.parse(
                new String[] {"--agent", agent.toString(), "--baseline", dir.resolve("gone.jar").toString(),
                    "--cases", "map18-typical"}));
        assertTrue(e.getMessage().startsWith("--baseline: no such file"), e.getMessage());
    }

    @Test
    void jvmOptionsAreKeptInOrderForEveryVariant(@TempDir Path dir) throws IOException {
        Path agent = Files.createFile(dir.resolve("agent.jar"));
        WholeProcessOptions options = WholeProcessOptions.parse(new String[] {"--agent", agent.toString(),
            "--jvm-option", "-XX:CICompilerCount=6", "--cases", "threads64-sustained", "--jvm-option", "-Xmx1g"});
        assertEquals(List.of("-XX:CICompilerCount=6", "-Xmx1g"), options.jvmOptions());
        assertEquals(List.of("threads64-sustained"), options.cases().stream().map(Cases.Case::name).toList());
        assertEquals(List.of(), WholeProcessOptions.parse(new String[] {"--agent", agent.toString(),
            "--cases", "map18-typical"}).jvmOptions());
    }

    @Test
    void aJvmOptionThatIsNotAnOptionIsNamedInTheError(@TempDir Path dir) throws IOException {
        Path agent = Files.createFile(dir.resolve("agent.jar"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WholeProcessOptions.parse(
                new String[] {"--agent", agent.toString(), "--jvm-option", "CICompilerCount=6"}));
        assertEquals("--jvm-option: not a JVM option (they start with '-'): CICompilerCount=6", e.getMessage());
    }
}
