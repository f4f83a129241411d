package io.predlog.agent.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a model load retained, from two readings of the process's memory, one before the load and one after
 * (docs/EVENTS.md, "model_load_success"):
 *
 * <ul>
 *   <li>the heap in use ({@code Runtime.totalMemory() - freeMemory()}), everywhere;</li>
 *   <li>on Linux, the anonymous resident memory ({@code RssAnon} in {@code /proc/self/status}): every page of the
 *       process that is in RAM and backed by no file — the Java heap's touched pages, metaspace, thread stacks and
 *       what native code allocated with {@code malloc}/{@code mmap}. Pages mapped from files (shared libraries, a
 *       memory-mapped model file) are left out: the kernel can drop and re-read them.</li>
 * </ul>
 *
 * {@code memory_mb} is the larger of the two deltas, each taken as 0 when negative: the heap delta alone when the
 * weights live on the heap (their pages may or may not have been resident before, so the resident delta can be
 * smaller than the heap delta but is never needed on top of it), the resident delta when native code allocated
 * more than the heap grew. {@code memory_native_mb} is the part the heap does not explain. Both readings are of the
 * whole process: what other threads allocate or free during the load counts too.
 *
 * @param heapUsedBytes the heap in use
 * @param residentBytes anonymous resident memory, or -1 where it cannot be read
 */
record LoadMemory(long heapUsedBytes, long residentBytes) {

    /** {@code memory_method} when only the heap could be read. */
    static final String HEAP_ONLY = "heap_used_delta";
    /** {@code memory_method} when the resident memory was read too. */
    static final String HEAP_AND_RESIDENT = "heap_used_delta+rss_anon_delta";

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final boolean RESIDENT_READABLE = Files.isReadable(STATUS) && readResident(STATUS) >= 0;
    private static final double BYTES_PER_MB = 1024.0 * 1024.0;

    /** Reads the process's memory now. */
    static LoadMemory now() {
        Runtime runtime = Runtime.getRuntime();
        long heap = runtime.totalMemory() - runtime.freeMemory();
        return new LoadMemory(heap, RESIDENT_READABLE ? readResident(STATUS) : -1);
    }

    /**
     * What a load retained between two readings.
     *
     * @param before read before the load started
     * @param after  read when it returned
     */
    static Retained between(LoadMemory before, LoadMemory after) {
        long heap = Math.max(0, after.heapUsedBytes - before.heapUsedBytes);
        if (before.residentBytes < 0 || after.residentBytes < 0) {
            return new Retained(heap / BYTES_PER_MB, heap / BYTES_PER_MB, Double.NaN, HEAP_ONLY);
        }
        long resident = Math.max(0, after.residentBytes - before.residentBytes);
        long total = Math.max(heap, resident);
        return new Retained(total / BYTES_PER_MB, heap / BYTES_PER_MB, (total - heap) / BYTES_PER_MB,
                HEAP_AND_RESIDENT);
    }

    /**
     * The figures of a {@code model_load_success}.
     *
     * @param memoryMb       {@code memory_mb}: the larger of the heap and resident growth, MiB
     * @param heapMb         {@code memory_heap_mb}: heap in use after minus before (0 when negative)
     * @param nativeMb       {@code memory_native_mb}: {@code memoryMb - heapMb}; NaN where resident memory is unread
     * @param method         {@code memory_method}
     */
    record Retained(double memoryMb, double heapMb, double nativeMb, String method) {
    }

    /**
     * {@code RssAnon} of a {@code /proc/<pid>/status} file in bytes, else {@code VmRSS} (kernels before 4.5 have no
     * {@code RssAnon}), else -1.
     */
    static long readResident(Path status) {
        String text;
        try {
            text = new String(Files.readAllBytes(status), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        long anon = kilobytes(text, "RssAnon:");
        return anon >= 0 ? anon * 1024 : Math.max(-1, kilobytes(text, "VmRSS:") * 1024);
    }

    /** The {@code kB} figure on the line starting with {@code key}, else -1. */
    private static long kilobytes(String text, String key) {
        int at = text.startsWith(key) ? 0 : text.indexOf("\n" + key);
        if (at < 0) {
            return -1;
        }
        int i = text.indexOf(':', at) + 1;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            value = value * 10 + (text.charAt(i++) - '0');
            digits++;
        }
        return digits == 0 ? -1 : value;
    }
}
