package io.predlog.agent.inflight;

import io.predlog.agent.event.Event;
import io.predlog.agent.event.InflightAtCrashEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The slot file: what a call writes, what a later reader sees, and what a dead process's file becomes. */
class InflightTableTest {

    /** No process has this pid (Linux caps pids at 2^22). */
    private static final long DEAD_PID = 999_999_999L;

    @TempDir
    Path dir;

    private static int predict(InflightTable table, String requestId, long hash, long size) {
        return table.begin(InflightTable.PREDICT, 1_764_000_000_123L, requestId, "score", "com.acme.Model#predict",
                "fraud", "v1", hash, InflightTable.flags(false, false), size, "worker-1");
    }

    @Test
    void aRunningCallIsReadBackFieldByField() throws Exception {
        try (InflightTable table = InflightTable.create(dir.resolve("inflight-1.bin"), 8, DEAD_PID, 42)) {
            int slot = predict(table, "req-1", 0x0011223344556677L, 620);
            int load = table.begin(InflightTable.LOAD, 5, "req-2", "store", "com.acme.Store#load", null, null, 0, 0,
                    -1, "loader");
            assertTrue(slot >= 0 && load >= 0 && slot != load);

            InflightFile file = InflightFile.read(table.path());
            assertEquals(DEAD_PID, file.pid());
            assertEquals(42, file.ownerStartMillis());
            assertEquals(2, file.calls().size());
            InflightFile.InflightCall call = file.calls().stream().filter(c -> c.kind() == InflightTable.PREDICT)
                    .findFirst().orElseThrow();
            assertEquals(1_764_000_000_123L, call.startEpochMillis());
            assertEquals("req-1", call.requestId());
            assertEquals("score", call.target());
            assertEquals("com.acme.Model#predict", call.method());
            assertEquals("fraud", call.modelId());
            assertEquals("v1", call.modelVersion());
            assertTrue(call.hasHash());
            assertEquals(0x0011223344556677L, call.inputHash());
            assertEquals(620, call.inputSize());
            assertEquals("worker-1", call.thread());
            InflightFile.InflightCall loading = file.calls().stream().filter(c -> c.kind() == InflightTable.LOAD)
                    .findFirst().orElseThrow();
            assertFalse(loading.hasHash());
            assertNull(loading.modelId());
            assertEquals(-1, loading.inputSize());
        }
    }

    /** A generated id held as two numbers is written as its 32 hex digits; text wins when there is text. */
    @Test
    void aGeneratedIdIsWrittenAsItsDigits() throws Exception {
        try (InflightTable table = InflightTable.create(dir.resolve("inflight-1.bin"), 4, DEAD_PID, 42)) {
            table.begin(InflightTable.PREDICT, 1, null, 0x0123456789abcdefL, 0xfedcba9876543210L, "a", "m", null,
                    null, 0, 0, -1, "t1");
            table.begin(InflightTable.PREDICT, 2, null, 0, 1, "b", "m", null, null, 0, 0, -1, "t2");
            table.begin(InflightTable.PREDICT, 3, "text-id", 7, 7, "c", "m", null, null, 0, 0, -1, "t3");
            table.begin(InflightTable.PREDICT, 4, null, 0, 0, "d", "m", null, null, 0, 0, -1, "t4");
            java.util.Map<String, String> ids = new java.util.HashMap<>();
            for (InflightFile.InflightCall call : InflightFile.read(table.path()).calls()) {
                ids.put(call.target(), String.valueOf(call.requestId()));
            }
            assertEquals(java.util.Map.of("a", "0123456789abcdeffedcba9876543210",
                    "b", "00000000000000000000000000000001", "c", "text-id", "d", "null"), ids);
        }
    }

    @Test
    void theFileIsReadableByOwnerAndGroupOnlyLikeTheEventFiles() throws Exception {
        Path path = dir.resolve("logs/inflight-1.bin");
        try (InflightTable table = InflightTable.create(path, 2, DEAD_PID, -1)) {
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(path.getParent())));
        }
    }

    @Test
    void aFileDeletedWithItsDirectoryIsRecreatedWithTheCallsRunningNow() throws Exception {
        Path logs = dir.resolve("logs");
        Path path = logs.resolve("inflight-1.bin");
        try (InflightTable table = InflightTable.create(path, 4, DEAD_PID, 42)) {
            int running = predict(table, "before-1", 7, 70);
            int ended = predict(table, "before-2", 8, 80);
            table.end(ended);
            assertEquals(-1, table.recreateIfGone(), "in place: nothing to do");

            Files.delete(path);
            Files.delete(logs); // what rm -rf of the log directory does
            assertEquals(1, table.recreateIfGone(), "the one running call is carried over");

            assertTrue(Files.exists(path));
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            InflightFile recreated = InflightFile.read(path);
            assertEquals(DEAD_PID, recreated.pid());
            assertEquals(42, recreated.ownerStartMillis());
            assertEquals(List.of("before-1"), recreated.calls().stream().map(InflightFile.InflightCall::requestId)
                    .toList());
            assertEquals(7, recreated.calls().get(0).inputHash());

            int after = predict(table, "after", 9, 90);
            assertEquals(2, InflightFile.read(path).calls().size(), "later calls go into the new file");
            table.end(running);
            table.end(after);
            assertEquals(0, InflightFile.read(path).calls().size(), "and end there");
        }
        assertFalse(Files.exists(path), "a clean exit deletes the recreated file");
    }

    @Test
    void aFileReplacedByAnotherIsRecreatedToo() throws Exception {
        Path path = dir.resolve("inflight-1.bin");
        try (InflightTable table = InflightTable.create(path, 2, DEAD_PID, -1)) {
            predict(table, "running", 1, 1);
            Files.delete(path);
            Files.write(path, new byte[] {1, 2, 3});
            assertEquals(1, table.recreateIfGone());
            assertEquals("running", InflightFile.read(path).calls().get(0).requestId());
        }
    }

    @Test
    void aClosedTableIsNotRecreated() throws Exception {
        Path path = dir.resolve("inflight-1.bin");
        InflightTable table = InflightTable.create(path, 2, DEAD_PID, -1);
        table.close();
        assertEquals(-1, table.recreateIfGone());
        assertFalse(Files.exists(path));
    }

    /** A slot's strings are written again only when they change, but always into a new file. */
    @Test
    void aThreadsNextCallInItsSlotReadsBackWhatChangedAndAfterARecreation() throws Exception {
        Path path = dir.resolve("inflight-1.bin");
        try (InflightTable table = InflightTable.create(path, 4, DEAD_PID, -1)) {
            int first = table.begin(InflightTable.PREDICT, 1, "r1", "score", "com.acme.Model#predict", "fraud", "v1",
                    1, 0, 10, "worker-1");
            table.end(first);
            int second = table.begin(InflightTable.PREDICT, 2, "r2", "score", "com.acme.Model#predict", "churn",
                    null, 2, 0, 20, "worker-1");
            assertEquals(first, second, "the thread's slot");
            assertCall(InflightFile.read(path).calls().get(0), "r2", "score", "com.acme.Model#predict", "churn", null,
                    "worker-1");
            table.end(second);
            int third = table.begin(InflightTable.LOAD, 3, "r3", "store", "com.acme.Store#load", "fraud", "v2", 0, 0,
                    -1, "loader");
            assertCall(InflightFile.read(path).calls().get(0), "r3", "store", "com.acme.Store#load", "fraud", "v2",
                    "loader");

            table.end(third); // free when the file is recreated: its strings are not carried over

            Files.delete(path);
            assertEquals(0, table.recreateIfGone());
            int fourth = table.begin(InflightTable.LOAD, 4, "r4", "store", "com.acme.Store#load", "fraud", "v2", 0,
                    0, -1, "loader");
            assertEquals(third, fourth);
            assertCall(InflightFile.read(path).calls().get(0), "r4", "store", "com.acme.Store#load", "fraud", "v2",
                    "loader");
            int other = table.begin(InflightTable.PREDICT, 5, "r5", "score", "com.acme.Model#predict", "fraud", "v1",
                    5, 0, 50, "worker-1");
            InflightFile.InflightCall otherCall = InflightFile.read(path).calls().stream()
                    .filter(c -> "r5".equals(c.requestId())).findFirst().orElseThrow();
            assertCall(otherCall, "r5", "score", "com.acme.Model#predict", "fraud", "v1", "worker-1");
            table.end(other);
            table.end(fourth);
        }
    }

    private static void assertCall(InflightFile.InflightCall call, String requestId, String target, String method,
                                   String modelId, String modelVersion, String thread) {
        assertEquals(requestId, call.requestId());
        assertEquals(target, call.target());
        assertEquals(method, call.method());
        assertEquals(modelId, call.modelId());
        assertEquals(modelVersion, call.modelVersion());
        assertEquals(thread, call.thread());
    }

    @Test
    void aCompletedCallLeavesNothingAndItsSlotIsReused() throws Exception {
        try (InflightTable table = InflightTable.create(dir.resolve("inflight-1.bin"), 4, DEAD_PID, -1)) {
            int slot = predict(table, "a-rather-long-request-id-that-will-be-overwritten-by-a-shorter-one", 1, 1);
            table.end(slot);
            assertEquals(0, InflightFile.read(table.path()).calls().size());
            assertEquals(0, table.occupied());
            int again = predict(table, "short", 2, 2);
            assertEquals(slot, again, "the same thread probes from the same slot");
            assertEquals("short", InflightFile.read(table.path()).calls().get(0).requestId());
            table.end(again);
            table.end(-1); // a call that was not recorded: ignored
        }
    }

    @Test
    void longAndNonAsciiStringsAreCutAndReplaced() throws Exception {
        try (InflightTable table = InflightTable.create(dir.resolve("inflight-1.bin"), 2, DEAD_PID, -1)) {
            table.begin(InflightTable.PREDICT, 1, "r".repeat(300), "t", "m", null, null, 0, 0, -1, "wörker-é");
            InflightFile.InflightCall call = InflightFile.read(table.path()).calls().get(0);
            assertEquals("r".repeat(128), call.requestId());
            assertEquals("w?rker-?", call.thread());
        }
    }

    @Test
    void aFullTableRecordsNoMoreAndCountsThem() throws Exception {
        try (InflightTable table = InflightTable.create(dir.resolve("inflight-1.bin"), 3, DEAD_PID, -1)) {
            Set<Integer> slots = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                slots.add(predict(table, "r" + i, i, i));
            }
            assertEquals(Set.of(0, 1, 2), slots);
            assertEquals(-1, predict(table, "r3", 3, 3));
            assertEquals(1, table.full());
            assertEquals(3, InflightFile.read(table.path()).calls().size());
            table.end(1);
            assertEquals(1, predict(table, "r4", 4, 4));
        }
    }

    @Test
    void concurrentThreadsNeverShareASlot() throws Exception {
        int threads = 8;
        int rounds = 20_000;
        try (InflightTable table = InflightTable.create(dir.resolve("inflight-1.bin"), 16, DEAD_PID, -1)) {
            Set<Integer> inUse = ConcurrentHashMap.newKeySet();
            List<Throwable> errors = new ArrayList<>();
            CyclicBarrier start = new CyclicBarrier(threads);
            CountDownLatch running = new CountDownLatch(threads);
            CountDownLatch release = new CountDownLatch(1);
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String id = "thread-" + t;
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < rounds; i++) {
                            int slot = predict(table, id, i, i);
                            if (slot < 0 || !inUse.add(slot)) {
                                throw new AssertionError("slot " + slot + " taken twice or none free");
                            }
                            inUse.remove(slot);
                            table.end(slot);
                        }
                        predict(table, id, 7, 7); // stays in flight
                        running.countDown();
                        release.await();
                    } catch (Throwable e) {
                        synchronized (errors) {
                            errors.add(e);
                        }
                        running.countDown();
                    }
                }, id);
                all.add(thread);
                thread.start();
            }
            running.await();
            InflightFile file = InflightFile.read(table.path());
            release.countDown();
            for (Thread thread : all) {
                thread.join();
            }
            assertEquals(List.of(), errors);
            Set<String> ids = new HashSet<>();
            file.calls().forEach(c -> ids.add(c.requestId()));
            assertEquals(threads, file.calls().size());
            assertEquals(threads, ids.size());
            assertEquals(0, table.full());
        }
    }

    @Test
    void aDeadProcessesFileBecomesOneEventPerCallAndIsDeleted() throws Exception {
        Path configured = dir.resolve("inflight-{pid}.bin");
        InflightTable dead = InflightTable.create(InflightRecovery.fileFor(configured, DEAD_PID), 8, DEAD_PID, 7);
        predict(dead, "req-a", 0xABCDEFL, 10);
        predict(dead, "req-b", 0x123L, 20);
        dead.end(predict(dead, "done", 0, 0));
        Path deadFile = dead.path();
        // the dead process never closed it; its mapping stays as the kernel left it

        long self = ProcessHandle.current().pid();
        Path parentFile = InflightRecovery.fileFor(configured, ProcessHandle.current().parent().orElseThrow().pid());
        ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();
        InflightTable other = InflightTable.create(parentFile, 4, parent.pid(),
                parent.info().startInstant().map(i -> i.toEpochMilli()).orElse(-1L));
        predict(other, "another-live-jvm", 1, 1);
        Files.writeString(dir.resolve("inflight-12.bin"), "not an in-flight file");

        List<Event> events = new ArrayList<>();
        assertEquals(2, InflightRecovery.recover(configured, self, events::add));

        Set<String> ids = new HashSet<>();
        for (Event e : events) {
            InflightAtCrashEvent c = (InflightAtCrashEvent) e;
            ids.add(c.requestId());
            assertEquals(DEAD_PID, c.crashedPid());
            assertEquals("predict", c.call());
            assertEquals("ERROR", c.level().name());
            assertEquals("inflight_at_crash", c.name());
            assertEquals(c.requestId().equals("req-a") ? "0000000000abcdef" : "0000000000000123", c.input().hash());
        }
        assertEquals(Set.of("req-a", "req-b"), ids);
        assertFalse(Files.exists(deadFile), "the dead process's file is deleted");
        assertTrue(Files.exists(parentFile), "a live process's file is kept");
        assertTrue(Files.exists(dir.resolve("inflight-12.bin")), "a foreign file is left alone");
        other.close();
        dead.close();
        assertFalse(Files.exists(parentFile), "a clean close deletes the file");
    }

    @Test
    void aFileWithThisProcesssPidIsAPredecessorsAsInARestartedContainer() throws Exception {
        Path configured = dir.resolve("inflight-{pid}.bin");
        long self = ProcessHandle.current().pid();
        InflightTable before = InflightTable.create(InflightRecovery.fileFor(configured, self), 4, self,
                InflightRecovery.currentStartMillis() - 60_000);
        predict(before, "before-restart", 5, 5);
        List<Event> events = new ArrayList<>();
        assertEquals(1, InflightRecovery.recover(configured, self, events::add));
        assertEquals("before-restart", ((InflightAtCrashEvent) events.get(0)).requestId());
        assertFalse(Files.exists(before.path()));
        before.close();
    }

    @Test
    void aReusedPidIsNotMistakenForTheOwner() {
        ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();
        long started = parent.info().startInstant().map(i -> i.toEpochMilli()).orElse(-1L);
        assertTrue(InflightRecovery.alive(parent.pid(), started));
        if (started > 0) {
            assertFalse(InflightRecovery.alive(parent.pid(), started - 3_600_000));
        }
        assertFalse(InflightRecovery.alive(DEAD_PID, -1));
    }
}
