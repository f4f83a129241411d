package io.predlog.agent.record;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a load retained, from the readings before and after it (docs/EVENTS.md, "Memory"). */
class LoadMemoryTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void nativeWeightsShowInTheResidentGrowthBeyondTheHeap() {
        LoadMemory.Retained r = LoadMemory.between(new LoadMemory(100 * MIB, 300 * MIB),
                new LoadMemory(102 * MIB, 340 * MIB));
        assertEquals(40.0, r.memoryMb());
        assertEquals(2.0, r.heapMb());
        assertEquals(38.0, r.nativeMb());
        assertEquals("heap_used_delta+rss_anon_delta", r.method());
    }

    @Test
    void heapWeightsInPagesAlreadyResidentCountOnceAsTheHeapGrowth() {
        LoadMemory.Retained r = LoadMemory.between(new LoadMemory(100 * MIB, 300 * MIB),
                new LoadMemory(150 * MIB, 310 * MIB));
        assertEquals(50.0, r.memoryMb(), "the larger of the two, never their sum");
        assertEquals(50.0, r.heapMb());
        assertEquals(0.0, r.nativeMb());
    }

    @Test
    void aShrinkingHeapOrResidentSetNeverGivesANegativeFigure() {
        LoadMemory.Retained r = LoadMemory.between(new LoadMemory(500 * MIB, 300 * MIB),
                new LoadMemory(200 * MIB, 290 * MIB));
        assertEquals(0.0, r.memoryMb());
        assertEquals(0.0, r.heapMb());
        assertEquals(0.0, r.nativeMb());
    }

    @Test
    void withoutResidentReadingsOnlyTheHeapIsMeasuredAndSaysSo() {
        LoadMemory.Retained r = LoadMemory.between(new LoadMemory(100 * MIB, -1), new LoadMemory(103 * MIB, -1));
        assertEquals(3.0, r.memoryMb());
        assertEquals(3.0, r.heapMb());
        assertTrue(Double.isNaN(r.nativeMb()), "no native figure without the resident set");
        assertEquals("heap_used_delta", r.method());
    }

    @Test
    void theResidentFigureIsRssAnonElseVmRssElseUnknown(@TempDir Path dir) throws IOException {
        Path both = Files.writeString(dir.resolve("both"),
                "Name:\tjava\nVmRSS:\t  204800 kB\nRssAnon:\t  150000 kB\nRssFile:\t 54800 kB\n");
        Path old = Files.writeString(dir.resolve("old"), "Name:\tjava\nVmRSS:\t  204800 kB\n");
        Path neither = Files.writeString(dir.resolve("neither"), "Name:\tjava\n");
        assertEquals(150000L * 1024, LoadMemory.readResident(both));
        assertEquals(204800L * 1024, LoadMemory.readResident(old), "kernels before 4.5 have no RssAnon");
        assertEquals(-1, LoadMemory.readResident(neither));
        assertEquals(-1, LoadMemory.readResident(dir.resolve("missing")));
    }

    @Test
    void thisProcessIsReadFromProcOnLinux() {
        LoadMemory now = LoadMemory.now();
        assertTrue(now.heapUsedBytes() > 0);
        if (Files.isReadable(Path.of("/proc/self/status"))) {
            assertTrue(now.residentBytes() > 0, "read from /proc/self/status: " + now);
        }
    }
}
