package io.predlog.agent.record;

import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.config.Expression;
import io.predlog.agent.config.MethodPattern;
import io.predlog.agent.config.TargetKind;
import io.predlog.agent.config.TargetSpec;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.PredictionEvent;
import io.predlog.agent.inflight.InflightFile;
import io.predlog.agent.inflight.InflightTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recorder's hook into the in-flight record: a call is in it between enter and completion, whatever the outcome. */
class RecorderInflightTest {

    @TempDir
    Path dir;

    private final List<Event> events = new ArrayList<>();
    private InflightTable table;
    private Recorder recorder;

    @BeforeEach
    void open() throws Exception {
        table = InflightTable.create(dir.resolve("inflight.bin"), 8, 1, -1);
        recorder = new Recorder(List.of(
                new TargetRuntime(new TargetSpec(TargetKind.PREDICT, "score", MethodPattern.parse("x.Model#predict"),
                        null, null, null, null)),
                new TargetRuntime(new TargetSpec(TargetKind.LOAD, "store", MethodPattern.parse("x.Store#load"),
                        Expression.parse("arg0"), Expression.parse("arg1"), null, null))),
                Recording.of(new InputCapture(HashSettings.defaults(), true), new ModelRegistry(), events::add)
                        .withInflight(table));
    }

    @AfterEach
    void close() {
        table.close();
    }

    @Test
    void aPredictIsInTheRecordWhileItRunsWithItsRequestIdAndInputHash() throws Exception {
        Object scope = recorder.enter(0, "x.Model#predict", null, new Object[]{Map.of("a", 1.0)});
        List<InflightFile.InflightCall> running = InflightFile.read(table.path()).calls();
        recorder.exit(scope, null, 0.5, null);

        assertEquals(1, running.size());
        PredictionEvent event = (PredictionEvent) events.get(0);
        InflightFile.InflightCall call = running.get(0);
        assertEquals(event.requestId(), call.requestId());
        assertEquals("score", call.target());
        assertEquals("x.Model#predict", call.method());
        assertEquals(event.inputHash().prefix(), call.inputHash());
        assertEquals(event.inputHash().size(), call.inputSize());
        assertEquals(event.startEpochMillis(), call.startEpochMillis());
        assertEquals(event.thread(), call.thread());
        assertEquals(0, InflightFile.read(table.path()).calls().size());
    }

    @Test
    void aLoadIsInTheRecordWithTheIdentityKnownAtEnter() throws Exception {
        Object scope = recorder.enter(1, "x.Store#load", null, new Object[]{"fraud", "v3"});
        InflightFile.InflightCall call = InflightFile.read(table.path()).calls().get(0);
        recorder.exit(scope, null, new Object(), null);
        assertEquals(InflightTable.LOAD, call.kind());
        assertEquals("fraud", call.modelId());
        assertEquals("v3", call.modelVersion());
        assertEquals(0, InflightFile.read(table.path()).calls().size());
    }

    @Test
    void anOutOfMemoryErrorOrStackOverflowIsAFailureAndClearsTheSlot() throws Exception {
        for (Throwable thrown : new Throwable[]{new OutOfMemoryError("Java heap space"), new StackOverflowError()}) {
            events.clear();
            Object scope = recorder.enter(0, "x.Model#predict", null, new Object[]{1});
            recorder.exit(scope, null, null, thrown);
            PredictionEvent event = (PredictionEvent) events.get(0);
            assertEquals(thrown.getClass().getName(), event.errorType());
            assertEquals(0, InflightFile.read(table.path()).calls().size());
        }
    }

    @Test
    void aFailingEventConsumerStillClearsTheSlot() throws Exception {
        Recorder failing = new Recorder(List.of(new TargetRuntime(new TargetSpec(TargetKind.PREDICT, "score",
                MethodPattern.parse("x.Model#predict"), null, null, null, null))),
                Recording.of(new InputCapture(HashSettings.defaults(), true), new ModelRegistry(), e -> {
                    throw new OutOfMemoryError("no room for the event");
                }).withInflight(table));
        Object scope = failing.enter(0, "x.Model#predict", null, new Object[]{1});
        assertEquals(1, InflightFile.read(table.path()).calls().size());
        failing.exit(scope, null, null, new OutOfMemoryError());
        assertTrue(InflightFile.read(table.path()).calls().isEmpty());
    }
}
