package io.predlog.benchmarks.wholeprocess;

import io.predlog.benchmarks.FeatureModel;
import io.predlog.benchmarks.Features;
import jdk.jfr.Recording;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The workload JVM of the tight-loop cases: one predict call after another on one thread, warm-up first (at least
 * the calls given, then on until the JIT compilers are quiet: a loaded machine starves them), then the measured
 * calls between two {@link ProcessSnapshot}s, then a wait until the process is quiet (what the agent's threads still
 * do for these calls counts in their CPU and allocation).
 *
 * <pre>LoopWorkload &lt;case&gt; &lt;minimum warm-up calls&gt; &lt;measured calls&gt; [&lt;JFR file&gt;]</pre>
 *
 * Prints a {@link ResultLine}; with a JFR file, also records {@code jdk.ExecutionSample} over the measured calls and
 * prints one {@code THREAD tid cpu-ns app name} line per thread (CPU used during the calls and the wait).
 */
public final class LoopWorkload {

    /** Warm-up ends when the JIT compiler threads used less than this share of the wall time, two chunks running. */
    private static final double JIT_QUIET_SHARE = 0.02;
    private static final long MAX_WARMUP_NANOS = 120_000_000_000L;

    private static double sink;
    private static int failures;

    private LoopWorkload() {
    }

    /** One call; a model that throws as expected counts a failure. */
    private static double calls(ToDoubleFunction<Integer> call, int i) {
        try {
            return call.applyAsDouble(i);
        } catch (IllegalArgumentException expected) {
            failures++;
            return 0;
        }
    }

    /** CPU time of this JVM's JIT compiler threads now alive. */
    static long jitNanos() {
        return jitNanos(ProcSelf.threads());
    }

    /** CPU time of the JIT compiler threads among {@code threads} (a JVM's, read from its {@code /proc} tasks). */
    static long jitNanos(List<ProcSelf.ThreadCpu> threads) {
        return threads.stream().filter(t -> ProcSelf.isJitCompiler(t.name())).mapToLong(ProcSelf.ThreadCpu::cpuNanos)
                .sum();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: LoopWorkload <case> <warm-up calls> <measured calls> [jfr file]");
        }
        ToDoubleFunction<Integer> call = call(args[0]);
        int warmup = Integer.parseInt(args[1]);
        int calls = Integer.parseInt(args[2]);
        Path jfr = args.length > 3 ? Path.of(args[3]) : null;
        long warmupEnd = System.nanoTime() + MAX_WARMUP_NANOS;
        int warmed = 0;
        int chunk = Math.max(1, warmup / 4);
        boolean compiling = true;
        for (int quietChunks = 0; (warmed < warmup || quietChunks < 2) && System.nanoTime() < warmupEnd; ) {
            long jitBefore = jitNanos();
            long start = System.nanoTime();
            for (int i = 0; i < chunk; i++) {
                sink += calls(call, warmed + i);
            }
            warmed += chunk;
            compiling = jitNanos() - jitBefore > JIT_QUIET_SHARE * (System.nanoTime() - start);
            quietChunks = compiling ? 0 : quietChunks + 1;
        }
        ProcessSnapshot.settle(10_000);
        Recording recording = jfr == null ? null : startRecording();
        long appTid = ProcSelf.currentTid();
        List<ProcSelf.ThreadCpu> threadsBefore = ProcSelf.threads();
        ProcessSnapshot before = ProcessSnapshot.take();
        long jitBefore = jitNanos();
        double check = 0;
        for (int i = 0; i < calls; i++) {
            check += calls(call, i);
        }
        ProcessSnapshot loopEnd = ProcessSnapshot.take();
        long jitDuringLoop = jitNanos() - jitBefore;
        long jitAtLoopEnd = jitNanos();
        ProcessSnapshot settled = ProcessSnapshot.settle(20_000);
        long jitAfterLoop = jitNanos() - jitAtLoopEnd;
        List<ProcSelf.ThreadCpu> threadsAfter = ProcSelf.threads();
        if (recording != null) {
            recording.stop();
            recording.dump(jfr);
            ThreadLines.print(threadsBefore, threadsAfter, appTid);
        }
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("calls", (double) (warmed + calls));
        result.put("failures", (double) failures);
        result.put("warmup_calls", (double) warmed);
        result.put("warmup_jit_quiet", compiling ? 0.0 : 1.0);
        result.put("loop_jit_ms", jitDuringLoop / 1e6);
        // what compiling the workload's and the agent's code cost from the start: the warm-up ends once it is done
        result.put("warmup_jit_ms", jitBefore / 1e6);
        result.put("wall_ns", (loopEnd.wallNanos() - before.wallNanos()) / (double) calls);
        // the compilers' work after the loop is on the harness's own code (reading /proc, waiting): not the calls'
        result.put("cpu_ns", (settled.cpuNanos() - before.cpuNanos() - jitAfterLoop) / (double) calls);
        result.put("loop_cpu_ns", (loopEnd.cpuNanos() - before.cpuNanos()) / (double) calls);
        result.put("alloc_b", settled.allocatedSince(before) / (double) calls);
        result.put("settle_ms", (settled.wallNanos() - loopEnd.wallNanos()) / 1e6);
        result.put("rss_mb", ProcSelf.statusKb("VmRSS") / 1024.0);
        result.put("hwm_mb", ProcSelf.statusKb("VmHWM") / 1024.0);
        result.put("check", Double.isNaN(check + sink) ? 0.0 : 1.0);
        System.out.println(ResultLine.format(result));
    }

    private static Recording startRecording() {
        Recording recording = new Recording();
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(5));
        recording.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(20));
        recording.start();
        return recording;
    }

    /** The call a case makes, given the call's index. */
    static ToDoubleFunction<Integer> call(String caseName) {
        return switch (caseName) {
            case "map18-typical", "sampled-1pct" -> mapCall(Features.of("typical"));
            case "map18-full" -> mapCall(Features.of("full"));
            case "map18-varied" -> variedCall();
            case "float384" -> vectorCall(384);
            case "float1m" -> vectorCall(1_000_000);
            case "throws" -> {
                Models.Failing model = new Models.Failing();
                Map<String, Object> input = Features.of("typical");
                yield i -> model.predict(input);
            }
            case "xgboost", "xgboost-booster" -> xgboostCall();
            default -> throw new IllegalArgumentException("unknown loop case: " + caseName
                    + " (map18-typical, map18-full, map18-varied, float384, float1m, throws, sampled-1pct, xgboost,"
                    + " xgboost-booster)");
        };
    }

    private static ToDoubleFunction<Integer> mapCall(Map<String, Object> input) {
        FeatureModel model = new FeatureModel(Features.weights());
        return i -> model.predict(input);
    }

    /** The typical map's fields, their values changed before each call (as a request's decoding makes them). */
    private static ToDoubleFunction<Integer> variedCall() {
        FeatureModel model = new FeatureModel(Features.variedWeights());
        Object[][] rows = Features.variedRows(4096, 13);
        Map<String, Object> input = Features.of("typical");
        return i -> {
            Features.fill(input, rows, i);
            return model.predict(input);
        };
    }

    private static ToDoubleFunction<Integer> xgboostCall() {
        Models.Xgb model;
        try {
            model = new Models.Xgb();
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not train the benchmark's model", e);
        }
        Map<String, Object> input = Features.of("typical");
        return i -> {
            try {
                return model.predict(input);
            } catch (XGBoostError e) {
                throw new IllegalStateException("XGBoost could not predict", e);
            }
        };
    }

    private static ToDoubleFunction<Integer> vectorCall(int length) {
        Models.Vector model = new Models.Vector(length);
        float[] input = new float[length];
        for (int i = 0; i < length; i++) {
            input[i] = (float) Math.sin(i * 0.37);
        }
        return i -> model.predict(input);
    }
}
