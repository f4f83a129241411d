package io.predlog.agent.modelfile;

import io.predlog.agent.event.Event;
import io.predlog.agent.event.ModelLoadEvent;
import io.predlog.agent.event.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A load's success joined with its model file's digest, on the hashing thread (docs/EVENTS.md, "Model files"). */
class ModelFileDigestsTest {

    private static final String SHA256_OF_TEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    private static ModelLoadEvent success() {
        return new ModelLoadEvent(Phase.SUCCESS, 0, "main", "r", "loader", "a.B#load", "m", null, 1.0, 0.0,
                "heap_used_delta", 0.0, Double.NaN, null, null, null, null);
    }

    private static ModelFileDigests started(long maxBytes, long timeoutMillis) {
        ModelFileDigests digests = new ModelFileDigests(new DigestSettings(true, maxBytes, timeoutMillis, 4));
        digests.start();
        return digests;
    }

    private ModelLoadEvent next() throws InterruptedException {
        Event event = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(event, "the success was never offered");
        return (ModelLoadEvent) event;
    }

    @Test
    void madeAtStartUpTheDigestsHoldNoReadBuffer() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        DigestSettings settings = new DigestSettings(true, 1 << 30, 60_000, DigestSettings.QUEUE_CAPACITY);
        new ModelFileDigests(settings); // classes loaded
        long before = threads.getCurrentThreadAllocatedBytes();
        new ModelFileDigests(settings);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // the 1 MiB read buffer is the hashing thread's, made at its first file
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes");
    }

    @Test
    void theSuccessIsOfferedOnceWithTheDigestOfTheFileTheLoadWasGiven(@TempDir Path dir) throws Exception {
        Path model = Files.writeString(dir.resolve("model.bin"), "test");
        ModelFileDigests digests = started(1 << 20, 60_000);
        PendingDigest digest = digests.begin(new Object[]{"churn", model});
        digest.complete(success(), events::add);
        ModelLoadEvent event = next();
        assertEquals(SHA256_OF_TEST, event.modelSha256());
        assertNull(event.modelSha256Skipped());
        assertEquals("m", event.modelId(), "the same success, completed");
        assertNull(events.poll(100, TimeUnit.MILLISECONDS), "offered once");
    }

    @Test
    void aLoadGivenNoFileIsOfferedWithNeitherField() throws Exception {
        ModelFileDigests digests = started(1 << 20, 60_000);
        digests.begin(new Object[]{"churn"}).complete(success(), events::add);
        ModelLoadEvent event = next();
        assertNull(event.modelSha256());
        assertNull(event.modelSha256Skipped());
        assertNull(digests.begin(new Object[]{42, List.of()}), "no argument could be a model");
    }

    @Test
    void aDigestNotDoneWithinTheTimeoutAfterTheLoadReturnedIsSkipped() throws Exception {
        ModelFileDigests digests = started(1L << 30, 0);
        PendingDigest digest = digests.begin(new Object[]{new byte[64 << 20]});
        digest.complete(success(), events::add);
        ModelLoadEvent event = next();
        assertNull(event.modelSha256());
        assertEquals("timeout", event.modelSha256Skipped());
    }

    @Test
    void atShutdownASuccessStillWaitingIsOfferedWithoutItsDigest() throws Exception {
        ModelFileDigests digests = started(1L << 30, 60_000);
        PendingDigest digest = digests.begin(new Object[]{new byte[64 << 20]});
        digest.complete(success(), events::add);
        digests.finishBeforeExit(0);
        ModelLoadEvent event = next();
        assertEquals("shutdown", event.modelSha256Skipped());
        digests.begin(new Object[]{new byte[1]}).complete(success(), events::add);
        assertEquals("shutdown", next().modelSha256Skipped(), "a load after the shutdown began is not hashed");
    }

    @Test
    void aFailedLoadsDigestIsDroppedAndNothingIsOffered(@TempDir Path dir) throws Exception {
        Path model = Files.writeString(dir.resolve("model.bin"), "test");
        ModelFileDigests digests = started(1 << 20, 60_000);
        PendingDigest digest = digests.begin(new Object[]{model});
        digest.cancel();
        digests.finishBeforeExit(1_000);
        assertTrue(events.isEmpty());
    }

    @Test
    void offWhenDisabled(@TempDir Path dir) throws Exception {
        ModelFileDigests digests = new ModelFileDigests(new DigestSettings(false, 1 << 20, 60_000, 4));
        digests.start();
        assertNull(digests.begin(new Object[]{Files.writeString(dir.resolve("m.bin"), "test")}));
    }
}
