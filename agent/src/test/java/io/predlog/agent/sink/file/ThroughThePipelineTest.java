package io.predlog.agent.sink.file;

import io.predlog.agent.event.EventJsonEncoder;
import io.predlog.agent.event.SampleEvents;
import io.predlog.agent.pipeline.EventPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rolling sink behind the real {@link EventPipeline}, with its maintenance thread running. */
class ThroughThePipelineTest {

    @TempDir
    Path tmp;

    @Test
    void nothingIsLostAcrossRotationsUnderConcurrentProducers() throws Exception {
        RollingFileSink sink = new RollingFileSink(FileSinkSettings.defaults(tmp).withMaxFileBytes(64 * 1024),
                "svc", 1, Clock.systemUTC(), Disk.REAL);
        sink.maintenance().start();
        EventPipeline pipeline = new EventPipeline(1 << 16, new EventJsonEncoder(SampleEvents.PROCESS), List.of(sink));
        pipeline.start();

        int threads = 4;
        int perThread = 25_000;
        Thread[] producers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            long first = (long) t * perThread;
            producers[t] = new Thread(() -> {
                for (long n = first; n < first + perThread; n++) {
                    while (!pipeline.offer(SampleEvents.numbered(n))) {
                        Thread.onSpinWait(); // a full queue drops (and counts the refusal): offer again
                    }
                }
            });
            producers[t].start();
        }
        for (Thread p : producers) {
            p.join();
        }
        pipeline.shutdown(30_000);
        assertTrue(sink.maintenance().awaitStopped(30_000), "maintenance ends with the sink");

        assertEquals(0, pipeline.drops().sinkError("file"), pipeline.drops().toString());
        List<String> ids = SinkFiles.requestIds(tmp);
        assertEquals(threads * perThread, ids.size(), "one line per event");
        assertEquals(new HashSet<>(SinkFiles.ids(0, threads * perThread)), Set.copyOf(ids), "every id present");
        assertTrue(SinkFiles.named(tmp, ".jsonl").size() + SinkFiles.named(tmp, ".jsonl.gz").size() > 10,
                "it rotated many times");
        assertTrue(SinkFiles.named(tmp, ".jsonl.gz").size() > 0, "and compressed meanwhile");
    }

    @Test
    void aFullDiskDropsAndCountsEventsThenWritingResumesByItself() throws Exception {
        FullDisk disk = new FullDisk();
        RollingFileSink sink = new RollingFileSink(FileSinkSettings.defaults(tmp), "svc", 1, Clock.systemUTC(), disk);
        EventPipeline pipeline = new EventPipeline(1 << 16, new EventJsonEncoder(SampleEvents.PROCESS), List.of(sink));
        pipeline.start();

        offerAndSettle(pipeline, 0, 100);
        disk.full = true;
        for (int round = 0; round < 5; round++) {
            offerAndSettle(pipeline, 1000 + round * 100L, 100);
        }
        long dropped = pipeline.drops().sinkError("file");
        assertTrue(dropped > 0, "events refused while the disk is full are counted: " + pipeline.drops());
        disk.full = false;
        offerAndSettle(pipeline, 10_000, 100);
        pipeline.shutdown(10_000);

        List<String> ids = SinkFiles.requestIds(tmp);
        assertTrue(ids.containsAll(SinkFiles.ids(0, 100)), "written before the disk filled");
        assertTrue(ids.containsAll(SinkFiles.ids(10_000, 100)), "written after space returned");
        assertEquals(700, ids.size() + pipeline.drops().sinkError("file"), "every event written or counted");
        assertEquals(ids.size(), Set.copyOf(ids).size(), "no line written twice");
    }

    private static void offerAndSettle(EventPipeline pipeline, long first, int count) throws InterruptedException {
        for (long n = first; n < first + count; n++) {
            assertTrue(pipeline.offer(SampleEvents.numbered(n)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pipeline.queued() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(250); // past the idle flush
    }
}
