package io.predlog.agent.sink.file;

import io.predlog.agent.sink.Batches;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Several processes sharing one directory, as two sinks stand in for them: no clash, nothing lost. */
class TwoSinksOneDirectoryTest {

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T02:48:00Z"));

    @Test
    void twoProcessesWithTheSamePidAndStartSecondStillGetTheirOwnFiles() throws IOException {
        long max = Batches.numbered(0, 1).byteLength() * 20L;
        FileSinkSettings settings = FileSinkSettings.defaults(tmp).withMaxFileBytes(max);
        RollingFileSink a = new RollingFileSink(settings, "svc", 1, clock, Disk.REAL); // pid 1 in two containers
        RollingFileSink b = new RollingFileSink(settings, "svc", 1, clock, Disk.REAL);
        assertNotEquals(a.currentFile(), b.currentFile());

        for (int i = 0; i < 10; i++) {
            a.write(Batches.numbered(i * 10L, 10));
            b.write(Batches.numbered(1000 + i * 10L, 10));
            a.maintenance().runPending(); // both compress and sweep while the other writes
            b.maintenance().runPending();
        }
        a.close();
        b.close();

        List<String> expected = new ArrayList<>(SinkFiles.ids(0, 100));
        expected.addAll(SinkFiles.ids(1000, 100));
        List<String> found = new ArrayList<>(SinkFiles.requestIds(tmp));
        found.sort(null);
        expected.sort(null);
        assertEquals(expected, found, "every event of both, once");
    }

    @Test
    void differentPidsNameTheirFilesApart() throws IOException {
        FileSinkSettings settings = FileSinkSettings.defaults(tmp);
        RollingFileSink a = new RollingFileSink(settings, "svc", 100, clock, Disk.REAL);
        RollingFileSink b = new RollingFileSink(settings, "svc", 200, clock, Disk.REAL);
        a.write(Batches.numbered(0, 1));
        b.write(Batches.numbered(1, 1));
        assertEquals("predlog-svc-20261127-024800-100-0000.jsonl", a.currentFile().getFileName().toString());
        assertEquals("predlog-svc-20261127-024800-200-0000.jsonl", b.currentFile().getFileName().toString());
        a.close();
        b.close();
    }
}
