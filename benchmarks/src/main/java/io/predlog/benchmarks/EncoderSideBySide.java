package io.predlog.benchmarks;

import io.predlog.agent.event.Event;
import io.predlog.agent.event.EventJsonEncoder;
import io.predlog.agent.event.ProcessInfo;
import io.predlog.agent.sink.EncodedBatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * {@link EncoderBenchmark}'s events on two builds of the agent's classes in one JVM, side by side ({@link SideBySide}:
 * each build in its own class loader, short batches alternated): the dispatcher's encoding, compared where a
 * change of a few percent is below what separate JMH runs resolve on a shared machine.
 *
 * <pre>
 * java -cp benchmarks/target/predlog-benchmarks.jar io.predlog.benchmarks.EncoderSideBySide \
 *      before-classes.jar after-classes.jar [rounds]
 * </pre>
 * where each jar holds a build's {@code agent/target/classes} ({@code jar cf before-classes.jar -C agent/target/classes .}).
 */
public final class EncoderSideBySide {

    private static final List<String> CASES = List.of("plain", "input", "typical", "request");

    private EncoderSideBySide() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: EncoderSideBySide <before-classes.jar> <after-classes.jar> [rounds]");
        }
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        SideBySide.compare(Path.of(args[0]), Path.of(args[1]), Driver.class, CASES, rounds);
    }

    /** Encodes one batch of a case's event in its build's loader, as the dispatcher does: {case, calls} to ns. */
    public static final class Driver implements ToLongFunction<Object[]> {
        private final EventJsonEncoder encoder = new EventJsonEncoder(new ProcessInfo("fraud-scorer", "host-1", 4242));
        private final EncodedBatch batch = new EncodedBatch(1024, 256 * 1024);
        private final Map<String, Event> events = new HashMap<>();
        /** Folded results, so the calls cannot be optimised away. */
        public volatile long sink;

        @Override
        public long applyAsLong(Object[] call) {
            Event event = events.computeIfAbsent((String) call[0], EncoderBenchmark::event);
            int n = (Integer) call[1];
            long folded = 0;
            long start = System.nanoTime();
            try {
                for (int i = 0; i < n; i++) {
                    if (batch.size() == 1024) {
                        batch.clear();
                    }
                    encoder.encode(event, batch.appender());
                    batch.commit(event);
                    folded += batch.byteLength();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long elapsed = System.nanoTime() - start;
            sink = folded;
            return elapsed;
        }
    }
}
