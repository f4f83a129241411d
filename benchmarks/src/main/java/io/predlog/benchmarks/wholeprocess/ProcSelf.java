package io.predlog.benchmarks.wholeprocess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the kernel says about this process: resident memory from {@code /proc/self/status}, and the CPU time of
 * every thread (the JVM's own GC and compiler threads included) from {@code /proc/self/task}.
 */
final class ProcSelf {

    /** Kernel clock ticks per second for {@code utime}/{@code stime}; 100 on every Linux this runs on. */
    static final long NANOS_PER_TICK = 10_000_000L;

    private ProcSelf() {
    }

    /** One thread's name (as the kernel keeps it: at most 15 characters) and CPU time so far. */
    record ThreadCpu(long tid, String name, long cpuNanos) {
    }

    /** Whether a thread of this name (as the kernel keeps it) is one of HotSpot's JIT compiler threads. */
    static boolean isJitCompiler(String name) {
        return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    }

    /** A {@code kB} field of {@code /proc/self/status}, such as {@code VmRSS} or {@code VmHWM}. */
    static long statusKb(String key) {
        return statusKb(read(Path.of("/proc/self/status")), key);
    }

    /** The value in kB of {@code key} in the text of a {@code /proc/<pid>/status} file. */
    static long statusKb(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key + ":")) {
                String value = line.substring(key.length() + 1).trim();
                if (!value.endsWith(" kB")) {
                    throw new IllegalArgumentException(key + " is not in kB: " + line);
                }
                return Long.parseLong(value.substring(0, value.length() - 3).trim());
            }
        }
        throw new IllegalArgumentException("no " + key + " line in the status text");
    }

    /** The thread's name from a {@code stat} line: between the first '(' and the last ')' (a name may hold either). */
    static String statName(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc stat line: " + stat);
        }
        return stat.substring(open + 1, close);
    }

    /** {@code utime + stime} (fields 14 and 15, in clock ticks) of a {@code stat} line. */
    static long statCpuTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc stat line: " + stat);
        }
        String[] fields = stat.substring(close + 2).trim().split(" ");
        if (fields.length < 13) {
            throw new IllegalArgumentException("stat line has " + (fields.length + 2) + " fields, fewer than 15: "
                    + stat);
        }
        // fields[0] is field 3 (state): utime is field 14, stime field 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The nanoseconds a thread has run, the first number of its {@code schedstat}. */
    static long schedstatRunNanos(String schedstat) {
        String[] fields = schedstat.trim().split(" ");
        if (fields.length != 3) {
            throw new IllegalArgumentException("not a schedstat line (three numbers): " + schedstat);
        }
        return Long.parseLong(fields[0]);
    }

    /** How many times a thread was put on a CPU (woken or resumed), the third number of its {@code schedstat}. */
    static long schedstatTimesRun(String schedstat) {
        String[] fields = schedstat.trim().split(" ");
        if (fields.length != 3) {
            throw new IllegalArgumentException("not a schedstat line (three numbers): " + schedstat);
        }
        return Long.parseLong(fields[2]);
    }

    /**
     * The times every thread of this process has been put on a CPU, summed over the threads alive now: their
     * wake-ups, the measure of how often a process's idle threads disturb the machine. 0 where the kernel keeps no
     * {@code schedstat}.
     */
    static long timesRun(Path taskDir) {
        long total = 0;
        try (Stream<Path> tasks = Files.list(taskDir)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    total += schedstatTimesRun(Files.readString(task.resolve("schedstat")));
                } catch (IOException endedOrMissing) {
                    // the thread ended between the listing and the read, or the kernel keeps no schedstat
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + taskDir, e);
        }
        return total;
    }

    /** Every thread of this process now; CPU from {@code schedstat} (nanoseconds) where the kernel keeps it. */
    static List<ThreadCpu> threads() {
        return threads(Path.of("/proc/self/task"));
    }

    /** Every thread under a {@code task} directory; threads that end while it is read are left out. */
    static List<ThreadCpu> threads(Path taskDir) {
        List<ThreadCpu> threads = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(taskDir)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    Path schedstat = task.resolve("schedstat");
                    long cpu = Files.isReadable(schedstat)
                            ? schedstatRunNanos(Files.readString(schedstat))
                            : statCpuTicks(stat) * NANOS_PER_TICK;
                    threads.add(new ThreadCpu(Long.parseLong(task.getFileName().toString()), statName(stat), cpu));
                } catch (IOException ended) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + taskDir, e);
        }
        return threads;
    }

    /** The kernel's id of the calling thread (the name of {@code /proc/thread-self}'s target). */
    static long currentTid() {
        try {
            return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/thread-self", e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
