package io.predlog.agent.sink;

import io.predlog.agent.event.Level;
import io.predlog.agent.event.SampleEvents;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Slf4jSinkTest {

    /** A logger that records its calls, present once {@code started}. */
    private static final class FakeSlf4j implements Slf4jSink.LoggerSource, Slf4jSink.AppLogger {
        boolean started;
        boolean failing;
        final List<String> calls = new ArrayList<>();

        @Override
        public Slf4jSink.AppLogger find() {
            return started ? this : null;
        }

        @Override
        public void log(Level level, String name, String jsonLine) {
            if (failing) {
                throw new IllegalStateException("appender broke");
            }
            assertFalse(jsonLine.endsWith("\n"));
            assertTrue(jsonLine.startsWith("{") && jsonLine.endsWith("}"));
            calls.add(level + " " + name);
        }

        @Override
        public String describe() {
            return "fake";
        }
    }

    @Test
    void eachEventIsOneCallAtItsLevelWithItsName() throws IOException {
        FakeSlf4j slf4j = new FakeSlf4j();
        slf4j.started = true;
        Slf4jSink sink = new Slf4jSink(slf4j, 10);
        sink.write(Batches.of(SampleEvents.predictionSuccess(), SampleEvents.predictionFailure()));
        assertEquals(List.of("INFO prediction_success", "ERROR prediction_failure"), slf4j.calls);
        assertEquals("slf4j", sink.name());
    }

    @Test
    void eventsWaitUntilTheApplicationStartsSlf4jThenGoFirstInOrder() throws IOException {
        FakeSlf4j slf4j = new FakeSlf4j();
        Slf4jSink sink = new Slf4jSink(slf4j, 10);
        sink.write(Batches.numbered(0, 3));
        sink.flush();
        assertTrue(slf4j.calls.isEmpty());
        slf4j.started = true;
        sink.flush();
        assertEquals(3, slf4j.calls.size());
        sink.write(Batches.numbered(3, 2));
        assertEquals(5, slf4j.calls.size());
        sink.close();
    }

    @Test
    void aBatchThatDoesNotFitTheBufferIsRefusedWholeAndTheRestStillGoes() throws IOException {
        FakeSlf4j slf4j = new FakeSlf4j();
        Slf4jSink sink = new Slf4jSink(slf4j, 4);
        sink.write(Batches.numbered(0, 3));
        assertThrows(IOException.class, () -> sink.write(Batches.numbered(3, 2))); // counted as sink_error
        sink.write(Batches.numbered(5, 1));
        slf4j.started = true;
        sink.write(Batches.numbered(6, 1));
        assertEquals(5, slf4j.calls.size());
    }

    @Test
    void eventsStillWaitingAtCloseAreReportedLost() throws IOException {
        Slf4jSink sink = new Slf4jSink(new FakeSlf4j(), 10);
        sink.write(Batches.numbered(0, 3));
        LostEventsException lost = assertThrows(LostEventsException.class, sink::close);
        assertEquals(3, lost.lostEvents());
    }

    @Test
    void aFailingLoggerFailsTheBatchAndTheSinkRecovers() throws IOException {
        FakeSlf4j slf4j = new FakeSlf4j();
        slf4j.started = true;
        slf4j.failing = true;
        Slf4jSink sink = new Slf4jSink(slf4j, 10);
        assertThrows(IOException.class, () -> sink.write(Batches.numbered(0, 2)));
        slf4j.failing = false;
        sink.write(Batches.numbered(2, 2));
        assertEquals(2, slf4j.calls.size());
    }

    @Test
    void withoutTheApplicationsSlf4jTheRealSinkOnlyBuffers() throws IOException {
        Slf4jSink sink = new Slf4jSink(); // this test JVM has no org.slf4j.LoggerFactory reported
        sink.write(Batches.numbered(0, 2));
        assertEquals(2, assertThrows(LostEventsException.class, sink::close).lostEvents());
    }
}
