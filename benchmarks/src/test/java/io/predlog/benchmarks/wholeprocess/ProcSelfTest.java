package io.predlog.benchmarks.wholeprocess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcSelfTest {

    private static final String STATUS = "Name:\tjava\nVmPeak:\t 3645052 kB\nVmHWM:\t   51200 kB\nVmRSS:\t   49152 kB\n"
            + "Threads:\t21\n";

    @Test
    void aStatusFieldIsReadInKilobytes() {
        assertEquals(51200, ProcSelf.statusKb(STATUS, "VmHWM"));
        assertEquals(49152, ProcSelf.statusKb(STATUS, "VmRSS"));
    }

    @Test
    void aMissingOrNonKilobyteStatusFieldIsAnErrorNamingIt() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProcSelf.statusKb(STATUS, "VmSwap"))
                .getMessage().contains("VmSwap"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProcSelf.statusKb(STATUS, "Threads"))
                .getMessage().contains("Threads"));
    }

    @Test
    void aThreadNameWithSpacesAndParenthesesIsTakenWholeAndItsCpuTicksAfterIt() {
        String stat = "7626 (C2 (Compiler) x) S 7609 7609 0 0 -1 1077936192 12 0 0 0 84 17 0 0 20 0 22 0 1 0 0";
        assertEquals("C2 (Compiler) x", ProcSelf.statName(stat));
        assertEquals(84 + 17, ProcSelf.statCpuTicks(stat));
    }

    @Test
    void aTruncatedStatLineIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> ProcSelf.statCpuTicks("1 (java) S 0 0"));
        assertThrows(IllegalArgumentException.class, () -> ProcSelf.statName("no parentheses"));
    }

    @Test
    void schedstatGivesTheNanosecondsRun() {
        assertEquals(841795799L, ProcSelf.schedstatRunNanos("841795799 6807237640 926\n"));
        assertThrows(IllegalArgumentException.class, () -> ProcSelf.schedstatRunNanos("12 34"));
    }

    @Test
    void everyTaskIsReadWithSchedstatWhereItExistsAndTicksOtherwise(@TempDir Path tasks) throws Exception {
        task(tasks, 11, "11 (main thread) R 1 1 0 0 -1 0 0 0 0 0 5 2 0 0 20 0 1 0 1 0 0", "1500000000 0 3");
        task(tasks, 12, "12 (GC Thread#0) S 1 1 0 0 -1 0 0 0 0 0 3 1 0 0 20 0 1 0 1 0 0", null);
        List<ProcSelf.ThreadCpu> threads = ProcSelf.threads(tasks).stream()
                .sorted(Comparator.comparingLong(ProcSelf.ThreadCpu::tid)).toList();
        assertEquals(List.of(new ProcSelf.ThreadCpu(11, "main thread", 1_500_000_000L),
                new ProcSelf.ThreadCpu(12, "GC Thread#0", 4 * ProcSelf.NANOS_PER_TICK)), threads);
    }

    @Test
    void timesRunSumsTheThirdSchedstatNumberOfEveryTaskThatHasOne(@TempDir Path tasks) throws Exception {
        assertEquals(926L, ProcSelf.schedstatTimesRun("841795799 6807237640 926\n"));
        assertThrows(IllegalArgumentException.class, () -> ProcSelf.schedstatTimesRun("12 34"));
        task(tasks, 11, "11 (main) R", "1500000000 0 30");
        task(tasks, 12, "12 (predlog-dispatcher) S", "2000 10 470");
        task(tasks, 13, "13 (no schedstat) S", null);
        assertEquals(500L, ProcSelf.timesRun(tasks));
    }

    @Test
    void thisProcessHasAThreadForTheCaller() {
        long tid = ProcSelf.currentTid();
        assertTrue(ProcSelf.threads().stream().anyMatch(t -> t.tid() == tid));
        assertTrue(ProcSelf.statusKb("VmHWM") >= ProcSelf.statusKb("VmRSS") / 2);
    }

    private static void task(Path tasks, long tid, String stat, String schedstat) throws Exception {
        Path dir = Files.createDirectories(tasks.resolve(String.valueOf(tid)));
        Files.writeString(dir.resolve("stat"), stat + "\n");
        if (schedstat != null) {
            Files.writeString(dir.resolve("schedstat"), schedstat + "\n");
        }
    }
}
