package io.predlog.benchmarks.wholeprocess;

import io.predlog.benchmarks.Features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The workload JVM of the saturated case: many threads calling {@link Models.Busy#predict} (~32 µs) as fast as they
 * can, far more threads than cores. Every call's latency after the warm-up is kept.
 *
 * <pre>ThreadsWorkload &lt;threads&gt; &lt;warm-up ms&gt; &lt;measured ms&gt;</pre>
 *
 * Prints a {@link ResultLine}: calls (warm-up included), calls per second, p50/p99/p99.9 latency in µs, the share of
 * calls over 1 ms (in %: those that lost the CPU to another thread while they ran), and CPU of
 * all threads per measured call, from the first measured call until the process is quiet again (the first caller
 * to cross into the measured interval reads its start: a sleeping main thread, or any one caller, competing with 64
 * busy ones can run late by seconds, and counting from the start of main would count the agents' start-up work).
 */
public final class ThreadsWorkload {

    /** Keeps the calls' results alive, so the compiler cannot drop the calls. */
    static volatile double sink;

    private ThreadsWorkload() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ThreadsWorkload <threads> <warm-up ms> <measured ms>");
        }
        int threads = Integer.parseInt(args[0]);
        long warmupMs = Long.parseLong(args[1]);
        long measureMs = Long.parseLong(args[2]);
        Models.Busy model = new Models.Busy();
        Map<String, Object> input = Features.of("typical");
        AtomicLong calls = new AtomicLong();
        long[][] latencies = new long[threads][];
        long start = System.nanoTime() + 200_000_000L;
        long measureFrom = start + warmupMs * 1_000_000;
        long end = measureFrom + measureMs * 1_000_000;
        AtomicReference<ProcessSnapshot> measureStart = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread worker = new Thread(() -> {
                long[] mine = new long[1 << 12];
                int n = 0;
                long count = 0;
                double check = 0;
                try {
                    Thread.sleep(Math.max(0, (start - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
                for (long now = System.nanoTime(); now < end; ) {
                    check += model.predict(input);
                    long after = System.nanoTime();
                    count++;
                    if (now >= measureFrom) {
                        if (n == 0 && measureStart.get() == null) {
                            measureStart.compareAndSet(null, ProcessSnapshot.take());
                        }
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = after - now;
                    }
                    now = after;
                }
                latencies[index] = Arrays.copyOf(mine, n);
                calls.addAndGet(count);
                sink = check;
            }, "caller-" + t);
            workers.add(worker);
            worker.start();
        }
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        List<ProcSelf.ThreadCpu> threadsAtMeasure = ProcSelf.threads();
        long threadsFrom = System.nanoTime();
        for (Thread worker : workers) {
            worker.join();
        }
        List<ProcSelf.ThreadCpu> threadsAtEnd = ProcSelf.threads();
        double threadSeconds = (System.nanoTime() - threadsFrom) / 1e9;
        ProcessSnapshot settled = ProcessSnapshot.settle(20_000);
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("calls", (double) calls.get());
        result.put("calls_per_s", all.length / (measureMs / 1000.0));
        result.put("p50_us", Medians.percentile(all, 50) / 1000.0);
        result.put("p99_us", Medians.percentile(all, 99) / 1000.0);
        result.put("p999_us", Medians.percentile(all, 99.9) / 1000.0);
        // a call the scheduler takes the core from waits for the other runnable callers' turns: milliseconds. The
        // share of such calls decides whether p99 is a call's own time or a wait for the CPU.
        long overOneMs = Arrays.stream(all).filter(ns -> ns > 1_000_000L).count();
        result.put("over_1ms_pct", 100.0 * overOneMs / all.length);
        result.put("cpu_ns", (settled.cpuNanos() - measureStart.get().cpuNanos()) / (double) all.length);
        result.put("hwm_mb", ProcSelf.statusKb("VmHWM") / 1024.0);
        result.putAll(ThreadLines.agentCpu(ThreadLines.between(threadsAtMeasure, threadsAtEnd, -1), threadSeconds));
        System.out.println(ResultLine.format(result));
    }
}
