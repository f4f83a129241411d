package io.predlog.benchmarks.wholeprocess;

import io.predlog.benchmarks.FeatureModel;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;

/**
 * The workload JVM of the paced cases: a service that is not saturated, as most are. After a warm-up (200,000
 * calls in a tight loop, so that the calls are compiled, then the paced calls for the warm-up time, so that the
 * agents' own threads are too), {@link FeatureModel#predict} is called at a fixed rate on one thread, sleeping
 * between calls, for the measured time; a rate of 0 makes no call at all (an idle service).
 *
 * <pre>PacedWorkload &lt;calls per second, 0 for none&gt; &lt;warm-up ms&gt; &lt;measured ms&gt; [loop case]</pre>
 *
 * The call is the 18-feature map's ({@code map18-typical}), or that of the {@link LoopWorkload} case named
 * ({@code map18-varied}: a new input every call).
 *
 * Prints a {@link ResultLine}: calls (warm-up included), CPU of all threads per second of the measured time and per
 * measured call, the JIT compilers' share of it, how many times per second the process's threads were put on a CPU
 * (their wake-ups), and the calls' p50/p99 latency in µs.
 */
public final class PacedWorkload {

    private static final int TIGHT_WARMUP_CALLS = 200_000;
    /** A schedule this far behind is reset rather than caught up in a burst. */
    private static final long MAX_LAG_NANOS = 100_000_000L;

    private static double sink;

    private PacedWorkload() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 4) {
            throw new IllegalArgumentException("usage: PacedWorkload <calls per second, 0 for none> <warm-up ms>"
                    + " <measured ms> [loop case]");
        }
        int rate = Integer.parseInt(args[0]);
        long warmupMs = Long.parseLong(args[1]);
        long measureMs = Long.parseLong(args[2]);
        ToDoubleFunction<Integer> call = LoopWorkload.call(args.length == 4 ? args[3] : "map18-typical");
        for (int i = 0; i < TIGHT_WARMUP_CALLS; i++) {
            sink += call.applyAsDouble(i);
        }
        long warmupCalls = TIGHT_WARMUP_CALLS + paced(call, rate, warmupMs, null);
        long[] latencies = new long[(int) Math.max(1, rate * measureMs / 1000 + 16)];
        ProcessSnapshot before = ProcessSnapshot.take();
        long jitBefore = LoopWorkload.jitNanos();
        long timesRunBefore = ProcSelf.timesRun(Path.of("/proc/self/task"));
        int calls = paced(call, rate, measureMs, latencies);
        long timesRun = ProcSelf.timesRun(Path.of("/proc/self/task")) - timesRunBefore;
        long jit = LoopWorkload.jitNanos() - jitBefore;
        ProcessSnapshot after = ProcessSnapshot.take();
        double seconds = (after.wallNanos() - before.wallNanos()) / 1e9;
        double cpuNanos = after.cpuNanos() - before.cpuNanos();
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("calls", (double) (warmupCalls + calls));
        result.put("measured_calls", (double) calls);
        result.put("cpu_ms_per_s", cpuNanos / 1e6 / seconds);
        result.put("jit_ms_per_s", jit / 1e6 / seconds);
        result.put("cpu_us_per_call", calls == 0 ? Double.NaN : cpuNanos / 1e3 / calls);
        result.put("runs_per_s", timesRun / seconds);
        if (calls > 0) {
            long[] sorted = Arrays.copyOf(latencies, Math.min(calls, latencies.length));
            Arrays.sort(sorted);
            result.put("p50_us", Medians.percentile(sorted, 50) / 1e3);
            result.put("p99_us", Medians.percentile(sorted, 99) / 1e3);
        }
        result.put("check", Double.isNaN(sink) ? 0.0 : 1.0);
        System.out.println(ResultLine.format(result));
    }

    /** Calls at {@code rate} per second for {@code millis}, keeping each call's nanoseconds; returns the calls. */
    private static int paced(ToDoubleFunction<Integer> call, int rate, long millis, long[] latencies) {
        long start = System.nanoTime();
        long end = start + millis * 1_000_000;
        if (rate <= 0) {
            for (long now = start; now < end; now = System.nanoTime()) {
                LockSupport.parkNanos(end - now);
            }
            return 0;
        }
        long period = 1_000_000_000L / rate;
        long next = start;
        int calls = 0;
        for (long now = start; now < end; now = System.nanoTime()) {
            if (now < next) {
                LockSupport.parkNanos(next - now);
                continue;
            }
            long t = System.nanoTime();
            sink += call.applyAsDouble(calls);
            long took = System.nanoTime() - t;
            if (latencies != null && calls < latencies.length) {
                latencies[calls] = took;
            }
            calls++;
            next = now - next > MAX_LAG_NANOS ? now + period : next + period;
        }
        return calls;
    }
}
