package io.predlog.agent.sampling;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A microbenchmark of the sampling decision on the application's thread (docs/PERFORMANCE.md, "Sampling
 * decision"); a program, not a test:
 *
 * <pre>
 * mvn -q -pl agent test-compile
 * java -cp agent/target/classes:agent/target/test-classes io.predlog.agent.sampling.SamplingDecisionCost
 * </pre>
 *
 * Each case runs {@value #OPS} decisions per round, {@value #WARMUP} rounds to warm up and {@value #ROUNDS}
 * measured; it prints the median and the spread of ns per decision. Results are folded into a volatile sink so
 * the JIT cannot drop the work. Ids are 32 hex characters (the generated form), 2^20 distinct ones cycled so
 * that "new id" calls never hit the per-thread memory.
 */
public final class SamplingDecisionCost {

    static final int OPS = 2_000_000;
    static final int WARMUP = 8;
    static final int ROUNDS = 15;
    static volatile long sink;

    interface Case {
        long run(String[] ids, int ops);
    }

    public static void main(String[] args) {
        String[] ids = new String[1 << 20];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < ids.length; i++) {
            ids[i] = String.format("%016x%016x", random.nextLong(), random.nextLong());
        }
        Sampler everything = new Sampler(1.0, 1000, 0);
        Sampler tenth = new Sampler(0.1, 1000, 0);
        Sampler capped = new Sampler(1.0, 1000, 1_000_000_000L);
        report("rate 1.0 (default): decide + sampleRate", ids, (all, n) -> {
            long acc = 0;
            for (int i = 0; i < n; i++) {
                byte d = everything.decide(all[i & (all.length - 1)], Double.NaN, 1);
                acc += d + (long) everything.sampleRate(d, Double.NaN, false, 1.0);
            }
            return acc;
        });
        report("rate 0.1, a new id every call (SHA-256)", ids, (all, n) -> {
            long acc = 0;
            for (int i = 0; i < n; i++) {
                acc += tenth.decide(all[i & (all.length - 1)], Double.NaN, 1);
            }
            return acc;
        });
        report("rate 0.1, same id as the thread's last (memo)", ids, (all, n) -> {
            long acc = 0;
            for (int i = 0; i < n; i++) {
                acc += tenth.decide(all[(i >> 3) & (all.length - 1)], Double.NaN, 1); // 8 events per request
            }
            return acc;
        });
        report("rate 1.0 with max_per_second (cap only)", ids, (all, n) -> {
            long acc = 0;
            for (int i = 0; i < n; i++) {
                acc += capped.decide(all[i & (all.length - 1)], Double.NaN, 1);
            }
            return acc;
        });
    }

    static void report(String name, String[] ids, Case c) {
        double[] ns = new double[ROUNDS];
        for (int r = 0; r < WARMUP + ROUNDS; r++) {
            long t0 = System.nanoTime();
            sink += c.run(ids, OPS);
            long t1 = System.nanoTime();
            if (r >= WARMUP) {
                ns[r - WARMUP] = (t1 - t0) / (double) OPS;
            }
        }
        Arrays.sort(ns);
        System.out.printf("%-50s median %7.1f ns/call   (min %.1f, max %.1f)%n", name, ns[ROUNDS / 2], ns[0],
                ns[ROUNDS - 1]);
    }
}
