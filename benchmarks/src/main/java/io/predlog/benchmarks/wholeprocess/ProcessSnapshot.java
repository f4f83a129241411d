package io.predlog.benchmarks.wholeprocess;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole process at one moment, read inside it: wall clock, CPU time of all its threads, and the bytes each
 * live Java thread has allocated so far.
 *
 * @param wallNanos          {@link System#nanoTime()}
 * @param cpuNanos           the process's CPU time, all threads (the JVM's GC and compiler threads included)
 * @param allocatedByThread  {@code ThreadMXBean.getThreadAllocatedBytes} per Java thread id
 */
record ProcessSnapshot(long wallNanos, long cpuNanos, Map<Long, Long> allocatedByThread) {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Below this share of one core over {@link #QUIET_WINDOW_MS}, the process counts as quiet. */
    private static final double QUIET_SHARE = 0.05;
    private static final long QUIET_WINDOW_MS = 200;

    static ProcessSnapshot take() {
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        Map<Long, Long> allocated = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                allocated.put(ids[i], bytes[i]);
            }
        }
        return new ProcessSnapshot(System.nanoTime(), OS.getProcessCpuTime(), allocated);
    }

    /**
     * Waits until the process is quiet (its threads together use under 5 % of one core over 200 ms: the agent's
     * threads have written what the calls left them), at most {@code maxMillis}, and returns the snapshot then.
     */
    static ProcessSnapshot settle(long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        ProcessSnapshot last = take();
        while (System.nanoTime() < deadline) {
            Thread.sleep(QUIET_WINDOW_MS);
            ProcessSnapshot now = take();
            boolean quiet = now.cpuNanos - last.cpuNanos < QUIET_SHARE * (now.wallNanos - last.wallNanos);
            last = now;
            if (quiet) {
                break;
            }
        }
        return last;
    }

    /** Bytes allocated by all Java threads since {@code before} (threads started since count in full). */
    long allocatedSince(ProcessSnapshot before) {
        long total = 0;
        for (Map.Entry<Long, Long> thread : allocatedByThread.entrySet()) {
            total += thread.getValue() - before.allocatedByThread.getOrDefault(thread.getKey(), 0L);
        }
        return total;
    }
}
