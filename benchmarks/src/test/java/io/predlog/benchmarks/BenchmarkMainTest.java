package io.predlog.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class BenchmarkMainTest {

    @Test
    void forksInheritTheHostsOptionsButNotTheHarnesssOwnPredlogProperties() {
        List<String> host = List.of("-Xmx2g", "-Dforks=1", "-Dpredlog.agent.jar=/a.jar", "-Dpredlog.compare.jar=/b.jar",
                "-XX:+UseG1GC", "-Dpredlogx=kept", "-javaagent:/c.jar=config=/d.properties,predlog.enabled=true");
        assertArrayEquals(new String[] {"-Xmx2g", "-Dforks=1", "-XX:+UseG1GC", "-Dpredlogx=kept",
                        "-javaagent:/c.jar=config=/d.properties,predlog.enabled=true"},
                BenchmarkMain.forkJvmArgs(host));
    }
}
