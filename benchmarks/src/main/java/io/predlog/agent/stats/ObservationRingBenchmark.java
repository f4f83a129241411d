package io.predlog.agent.stats;

import io.predlog.agent.capture.Features;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * The statistics hand-off with both sides busy at once: one application thread offering calls into the
 * {@link ObservationRing} while the statistics thread takes them ({@code peek}, {@code release}), each on its own
 * core. What the producer's offer costs while the consumer works through the ring beside it is what it pays when
 * the statistics thread drains a burst: the cache lines the two sides both touch move between the cores.
 *
 * <p>In the statistics package because the ring is package-private. Run with the agent's classes on the class path:
 * <pre>
 * java -cp benchmarks/target/predlog-benchmarks.jar:agent/target/classes org.openjdk.jmh.Main ObservationRingBenchmark
 * </pre>
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ObservationRingBenchmark {

    private static final ModelCell CELL = new ModelCell(new StatsKey("score", "m", "1"));

    private ObservationRing ring;

    @Setup(Level.Iteration)
    public void ring() {
        ring = ObservationRing.holding(65_536); // predlog.stats.queue_capacity's default
    }

    /** One call handed over; false (counted, as the recorder counts it) when the ring is full. */
    @Benchmark
    @Group("handOff")
    @GroupThreads(1)
    public boolean offer() {
        return ring.offer(CELL, 1_000, null, 400, (byte) 0, Features.NONE, Features.NONE);
    }

    /** One call taken, or none when the ring is empty. */
    @Benchmark
    @Group("handOff")
    @GroupThreads(1)
    public Observation take() {
        Observation o = ring.peek();
        if (o != null) {
            ring.release();
        }
        return o;
    }
}
