package io.predlog.benchmarks.wholeprocess;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void aShortLineIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> ThreadLines.parse("THREAD 1 2"));
        assertThrows(IllegalArgumentException.class, () -> ThreadLines.parse("RESULT a=1"));
    }
}
