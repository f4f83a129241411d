package io.predlog.benchmarks.wholeprocess;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ThreadLinesTest {

    @Test
    void eachThreadsCpuIsTheDifferenceBetweenTheReadingsAndANewThreadCountsInFull() {
        List<ProcSelf.ThreadCpu> before = List.of(new ProcSelf.ThreadCpu(11, "java", 1_000),
                new ProcSelf.ThreadCpu(12, "GC Thread#0", 500));
        List<ProcSelf.ThreadCpu> after = List.of(new ProcSelf.ThreadCpu(11, "java", 9_000),
                new ProcSelf.ThreadCpu(12, "GC Thread#0", 700), new ProcSelf.ThreadCpu(13, "predlog-dispatc", 4_000));
        assertEquals(List.of(new ThreadLines.Line(11, 8_000, true, "java"),
                new ThreadLines.Line(12, 200, false, "GC Thread#0"),
                new ThreadLines.Line(13, 4_000, false, "predlog-dispatc")), ThreadLines.between(before, after, 11));
    }

    @Test
    void aLineWithSpacesInTheNameIsReadBack() {
        ThreadLines.Line line = new ThreadLines.Line(7626, 123_456, false, "C2 CompilerThre");
        assertEquals("THREAD 7626 123456 0 C2 CompilerThre", ThreadLines.format(line));
        assertEquals(line, ThreadLines.parse(ThreadLines.format(line)));
    }

    @Test
    void theAgentsThreadsCpuIsTheirsAloneInMillisecondsASecond() {
        List<ThreadLines.Line> lines = List.of(new ThreadLines.Line(1, 900_000_000, false, "caller-3"),
                new ThreadLines.Line(2, 60_000_000, false, "predlog-dispatc"),
                new ThreadLines.Line(3, 40_000_000, false, "predlog-file-ma"),
                new ThreadLines.Line(4, 500_000_000, false, "C2 CompilerThre"),
                new ThreadLines.Line(5, 300_000_000, false, "GC Thread#0"));
        Map<String, Double> cpu = ThreadLines.agentCpu(lines, 2.0);
        assertEquals(50.0, cpu.get("agent_threads_ms_per_s"), 1e-9, "(60 + 40 ms) over 2 s");
        assertEquals(30.0, cpu.get("dispatcher_ms_per_s"), 1e-9);

        Map<String, Double> otel = ThreadLines.agentCpu(List.of(new ThreadLines.Line(6, 10_000_000, false,
                "BatchSpanProces"), new ThreadLines.Line(7, 5_000_000, false, "caller-1")), 1.0);
        assertEquals(10.0, otel.get("agent_threads_ms_per_s"), 1e-9);
        assertFalse(otel.containsKey("dispatcher_ms_per_s"), "no dispatcher without predlog");
    }

    @Test
    void aShortLineIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> ThreadLines.parse("THREAD 1 2"));
        assertThrows(IllegalArgumentException.class, () -> ThreadLines.parse("RESULT a=1"));
    }
}
