package io.predlog.benchmarks.wholeprocess;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ThreadBreakdownTest {

    @Test
    void threadsAreGroupedByTheirKernelOrJavaName() {
        assertEquals("application (main)", ThreadBreakdown.group("java", true));
        assertEquals("application (main)", ThreadBreakdown.group("main", false));
        assertEquals("predlog-dispatcher (encode + file write)", ThreadBreakdown.group("predlog-dispatc", false));
        assertEquals("predlog-dispatcher (encode + file write)", ThreadBreakdown.group("predlog-dispatcher", false));
        assertEquals("predlog-stats", ThreadBreakdown.group("predlog-stats", false));
        assertEquals("predlog-file-maintenance (gzip)", ThreadBreakdown.group("predlog-file-ma", false));
        assertEquals("predlog, other threads", ThreadBreakdown.group("predlog-warmup", false));
        assertEquals("GC (G1)", ThreadBreakdown.group("G1 Conc#0", false));
        assertEquals("GC (G1)", ThreadBreakdown.group("GC Thread#1", false));
        assertEquals("JIT compilers", ThreadBreakdown.group("C2 CompilerThre", false));
        assertEquals("other JVM threads", ThreadBreakdown.group("Signal Dispatch", false));
    }
}
