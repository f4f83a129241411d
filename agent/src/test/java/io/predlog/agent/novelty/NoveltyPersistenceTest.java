package io.predlog.agent.novelty;

import io.predlog.agent.capture.HashResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code predlog.novelty.dir}: what one run saw, the next run sees; a file it cannot trust is not used. */
class NoveltyPersistenceTest {

    private static final byte[] KEY = "s3cret".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private final List<String> warnings = new ArrayList<>();

    private NoveltyFilters run(long capacity, byte[] key) {
        return new NoveltyFilters(capacity, 0.01, 32, dir, key, warnings::add);
    }

    private static HashResult hash(long prefix) {
        return new HashResult(prefix, 10, false, false);
    }

    /** A first run that sees inputs 1..100 for "fraud" and 7 for "churn", then exits. */
    private void firstRun(long capacity, byte[] key) {
        NoveltyFilters first = run(capacity, key);
        first.start();
        for (long i = 1; i <= 100; i++) {
            first.seenBefore("fraud", hash(i));
        }
        first.seenBefore("churn", hash(7));
        first.close();
    }

    /** A second run's filters after reading the directory (done synchronously here; at start it is on a thread). */
    private NoveltyFilters secondRun(long capacity, byte[] key) {
        NoveltyFilters second = run(capacity, key);
        second.persistence().load();
        return second;
    }

    private Set<String> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private Path fraudFile() {
        return dir.resolve(NoveltyFile.fileName("fraud"));
    }

    @Test
    void whatOneRunSawTheNextRunHasSeen() {
        firstRun(10_000, KEY);
        NoveltyFilters second = secondRun(10_000, KEY);
        for (long i = 1; i <= 100; i++) {
            assertTrue(second.seenBefore("fraud", hash(i)), "input " + i);
        }
        assertTrue(second.seenBefore("churn", hash(7)));
        assertFalse(second.seenBefore("churn", hash(8)));
        assertFalse(second.seenBefore("fraud", hash(1_000)));
        assertEquals(List.of(), warnings);
    }

    @Test
    void loadingAddsToWhatTheNewRunHasAlreadySeen() {
        firstRun(10_000, KEY);
        NoveltyFilters second = run(10_000, KEY);
        assertFalse(second.seenBefore("fraud", hash(500)), "seen before the files were read");
        second.persistence().load();
        assertTrue(second.seenBefore("fraud", hash(500)));
        assertTrue(second.seenBefore("fraud", hash(1)));
    }

    @Test
    void theFinalSaveLeavesOneFilePerModelAndNoTemporaryFiles() throws IOException {
        firstRun(10_000, KEY);
        assertEquals(Set.of(NoveltyFile.fileName("fraud"), NoveltyFile.fileName("churn")), files());
        long words = BloomFilter.bitsFor(10_000, 0.01) / 64;
        long header = 4 + 4 + 8 + 8 + 4 + 8 + 8 + 4 + "fraud".length();
        assertEquals(header + 2 * (8 + 4 + 8 * words) + 8, Files.size(fraudFile()), "the documented layout");
    }

    @Test
    void thePeriodicSaveWritesWhileTheServiceRuns() throws Exception {
        NoveltyFilters running = run(10_000, null);
        running.persistence().intervalMs = 50;
        running.start();
        running.seenBefore("fraud", hash(3));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(fraudFile()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(fraudFile()), "saved without shutting down");
        Thread[] threads = new Thread[Thread.activeCount() + 10];
        boolean named = false;
        for (int i = Thread.enumerate(threads) - 1; i >= 0; i--) {
            named |= threads[i].getName().equals("predlog-novelty") && threads[i].isDaemon();
        }
        assertTrue(named, "a daemon thread named predlog-novelty does the I/O");
        running.close();
    }

    @Test
    void fileNamesAreSafeAndDistinctForAnyModelId() {
        String traversal = NoveltyFile.fileName("../../etc/passwd");
        assertFalse(traversal.contains("/") || traversal.startsWith("."), traversal);
        assertTrue(traversal.endsWith(".bloom"));
        assertNotEquals(NoveltyFile.fileName("a/b"), NoveltyFile.fileName("a_b"), "same sanitised text, other id");
        assertTrue(NoveltyFile.fileName("fraud").startsWith("fraud-"));
        assertTrue(NoveltyFile.fileName("x".repeat(500)).length() < 80);
        assertEquals(dir, dir.resolve(NoveltyFile.fileName("..")).getParent());
    }

    @Test
    void aModelIdWithAnyCharactersSurvivesTheRoundTrip() {
        NoveltyFilters first = run(1_000, null);
        first.seenBefore("modèle/ß ✓", hash(11));
        first.close();
        assertTrue(secondRun(1_000, null).seenBefore("modèle/ß ✓", hash(11)));
    }

    @Test
    void aFileSizedForAnotherCapacityIsNotUsed() {
        firstRun(10_000, KEY);
        NoveltyFilters second = secondRun(20_000, KEY);
        assertFalse(second.seenBefore("fraud", hash(1)), "starts empty");
        assertRejected("sized for another predlog.novelty.capacity/fpp");
    }

    @Test
    void aFileWrittenUnderAnotherHashKeyIsNotUsed() {
        firstRun(10_000, KEY);
        NoveltyFilters second = secondRun(10_000, "other".getBytes(StandardCharsets.UTF_8));
        assertFalse(second.seenBefore("fraud", hash(1)));
        assertRejected("another predlog.hash.key");
    }

    @Test
    void aFileWrittenWithoutAKeyIsNotUsedWithOne() {
        firstRun(10_000, null);
        assertFalse(secondRun(10_000, KEY).seenBefore("fraud", hash(1)));
        assertRejected("another predlog.hash.key");
    }

    @Test
    void aDamagedFileIsNotUsed() throws IOException {
        firstRun(10_000, KEY);
        try (RandomAccessFile f = new RandomAccessFile(fraudFile().toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x10);
        }
        assertFalse(secondRun(10_000, KEY).seenBefore("fraud", hash(1)));
        assertRejected("checksum");
    }

    @Test
    void aTruncatedFileIsNotUsed() throws IOException {
        firstRun(10_000, KEY);
        try (RandomAccessFile f = new RandomAccessFile(fraudFile().toFile(), "rw")) {
            f.setLength(f.length() - 100);
        }
        assertFalse(secondRun(10_000, KEY).seenBefore("fraud", hash(1)));
        assertRejected("truncated");
    }

    /** A file of the classic layout (version 1) holds bits at other places: it is named, not used, and replaced. */
    @Test
    void aFileOfAnEarlierFormatVersionIsNotUsedAndIsReplaced() throws IOException {
        firstRun(10_000, KEY);
        try (RandomAccessFile f = new RandomAccessFile(fraudFile().toFile(), "rw")) {
            f.seek(4);
            f.writeInt(1);
        }
        NoveltyFilters second = secondRun(10_000, KEY);
        assertFalse(second.seenBefore("fraud", hash(1)));
        assertRejected("format version 1, this agent reads " + NoveltyFile.VERSION);
        second.close();
        warnings.clear();
        assertTrue(secondRun(10_000, KEY).seenBefore("fraud", hash(1)), "the next save wrote the current version");
        assertEquals(List.of(), warnings);
    }

    @Test
    void aFileOfAnotherKindIsNotUsed() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("notes.bloom"), "hello, this is not a filter");
        secondRun(10_000, KEY);
        assertRejected("not a predlog novelty file", "notes.bloom");
    }

    @Test
    void aRejectedFileIsReplacedAtTheNextSave() {
        firstRun(10_000, KEY);
        NoveltyFilters second = secondRun(20_000, KEY);
        second.seenBefore("fraud", hash(42));
        second.seenBefore("churn", hash(42));
        second.close();
        warnings.clear();
        NoveltyFilters third = secondRun(20_000, KEY);
        assertTrue(third.seenBefore("fraud", hash(42)));
        assertEquals(List.of(), warnings);
    }

    @Test
    void anUnwritableDirectoryIsReportedNotThrown() throws IOException {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        NoveltyFilters novelty = new NoveltyFilters(1_000, 0.01, 32, file.resolve("sub"), null, warnings::add);
        novelty.start();
        novelty.seenBefore("fraud", hash(1));
        novelty.close(); // the directory cannot be created under a file: counted as a failure, nothing thrown
        assertTrue(novelty.seenBefore("fraud", hash(1)));
    }

    private void assertRejected(String reason) {
        assertRejected(reason, NoveltyFile.fileName("fraud"));
    }

    private void assertRejected(String reason, String file) {
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(reason), warnings.get(0));
        assertTrue(warnings.get(0).contains(file), warnings.get(0));
        assertTrue(warnings.get(0).contains("starts empty"), warnings.get(0));
    }
}
