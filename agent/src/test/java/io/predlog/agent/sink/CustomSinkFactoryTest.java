package io.predlog.agent.sink;

import io.predlog.agent.config.ConfigLoader;
import io.predlog.agent.config.ConfigResult;
import io.predlog.agent.event.EventJsonEncoder;
import io.predlog.agent.event.SampleEvents;
import io.predlog.agent.pipeline.EventPipeline;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sink that is not built in, made the way a user's sink is: its factory is listed in
 * {@code META-INF/services/io.predlog.agent.sink.Sink$Factory} (of the test resources) and found by name.
 */
class CustomSinkFactoryTest {

    /** The test-only factory: makes a {@link MemorySink} labelled by its own key, {@code predlog.memory.label}. */
    public static final class ForMemory implements Sink.Factory {

        @Override
        public String name() {
            return "test-memory";
        }

        @Override
        public Sink create(SinkSettings settings) {
            return new MemorySink(settings.text("predlog.memory.label"));
        }
    }

    /** Keeps every line it is given. */
    static final class MemorySink implements Sink {
        final String label;
        final List<String> lines = new ArrayList<>();
        boolean closed;

        MemorySink(String label) {
            this.label = label;
        }

        @Override
        public String name() {
            return "test-memory";
        }

        @Override
        public void write(EncodedBatch batch) {
            for (int i = 0; i < batch.size(); i++) {
                lines.add(new String(batch.array(), batch.offset(i), batch.length(i), StandardCharsets.UTF_8));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void aFactoryListedInMetaInfServicesIsFoundByNameAndItsSinkReceivesEvents() {
        SinkFactories factories = SinkFactories.load();
        assertTrue(factories.names().contains("test-memory"), factories.names()::toString);
        ConfigResult result = ConfigLoader.load("sinks=test-memory,memory.label=blue", new Properties(), Map.of(),
                "svc", factories.names());
        assertNotNull(result.config(), result.errors()::toString);

        List<Sink> sinks = factories.create(result.config().sinks(),
                new SinkSettings(result.config(), SampleEvents.PROCESS, SinkSettings.NO_CLASS_LOADS));
        MemorySink sink = (MemorySink) sinks.get(0);
        EventPipeline pipeline = new EventPipeline(16, new EventJsonEncoder(SampleEvents.PROCESS), sinks);
        pipeline.start();
        pipeline.offer(SampleEvents.predictionSuccess());
        pipeline.offer(SampleEvents.request(io.predlog.agent.event.Phase.START));
        pipeline.shutdown(10_000);

        assertEquals("blue", sink.label);
        assertEquals(2, sink.lines.size(), sink.lines::toString);
        assertTrue(sink.lines.get(0).startsWith("{\"event\":\"prediction_success\""), sink.lines.get(0));
        assertTrue(sink.lines.get(1).startsWith("{\"event\":\"request_start\""), sink.lines.get(1));
        assertTrue(sink.closed);
        assertEquals(2, pipeline.written("test-memory"));
    }
}
