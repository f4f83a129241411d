package io.predlog.agent.pipeline;

import io.predlog.agent.sink.Batches;
import io.predlog.agent.sink.EncodedBatch;
import io.predlog.agent.sink.LostEventsException;
import io.predlog.agent.sink.Sink;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A sink that took a batch but lost events it had accepted before (a network sink whose spool is full) says so with a
 * {@link LostEventsException}: the batch counts as written, and the lost events move from written to the sink's
 * {@code sink_error} drops, so every event stays in exactly one count.
 */
class SinkLossesTest {

    /** Takes every batch; reports {@code losses[i]} lost events at the i-th write or flush. */
    private static class LosingSink implements Sink {
        private final long[] losses;
        private int call;

        LosingSink(long... losses) {
            this.losses = losses;
        }

        @Override
        public String name() {
            return "losing";
        }

        @Override
        public void write(EncodedBatch batch) throws IOException {
            report();
        }

        @Override
        public void flush() throws IOException {
            report();
        }

        @Override
        public void close() {
        }

        private void report() throws LostEventsException {
            long lost = call < losses.length ? losses[call] : 0;
            call++;
            if (lost > 0) {
                throw new LostEventsException(lost, "spool_full", null);
            }
        }
    }

    @Test
    void lossesReportedByWriteAreDropsAndTheBatchIsStillWritten() {
        FanOut fanOut = new FanOut(List.of(new LosingSink(0, 3)));

        fanOut.deliver(Batches.numbered(0, 10));
        fanOut.deliver(Batches.numbered(10, 10));

        assertEquals(17, fanOut.written());
        assertEquals(17, fanOut.written("losing"));
        assertEquals(Map.of("losing", 3L), fanOut.errors());
    }

    @Test
    void lossesReportedByFlushAreDrops() {
        FanOut fanOut = new FanOut(List.of(new LosingSink(0, 3)));

        fanOut.deliver(Batches.numbered(0, 4));
        fanOut.flush();

        assertEquals(1, fanOut.written());
        assertEquals(3L, fanOut.errorTotal());
    }

    @Test
    void anyOtherFailureOfWriteStillDropsTheWholeBatch() {
        FanOut fanOut = new FanOut(List.of(new Sink() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void write(EncodedBatch batch) throws IOException {
                throw new IOException("disk gone");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        }));

        fanOut.deliver(Batches.numbered(0, 7));

        assertEquals(0, fanOut.written());
        assertEquals(Map.of("broken", 7L), fanOut.errors());
    }
}
