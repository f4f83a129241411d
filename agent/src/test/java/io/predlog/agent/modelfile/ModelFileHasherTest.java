package io.predlog.agent.modelfile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which of a load's arguments is its model, and the digest of it (docs/EVENTS.md, "Model files"). */
class ModelFileHasherTest {

    /** {@code printf test | sha256sum} */
    private static final String SHA256_OF_TEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    /** {@code printf '' | sha256sum} */
    private static final String SHA256_OF_NOTHING = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private final ModelFileHasher hasher = new ModelFileHasher(1024);

    private ModelFileHasher.Result hash(Object... candidates) throws ModelFileHasher.Stopped {
        return hasher.hash(candidates, () -> false);
    }

    @Test
    void aPathAFileAndAStringPathGiveTheFilesSha256(@TempDir Path dir) throws Exception {
        Path model = Files.writeString(dir.resolve("model.bin"), "test");
        assertEquals(SHA256_OF_TEST, hash(model).sha256());
        assertEquals(SHA256_OF_TEST, hash(model.toFile()).sha256());
        assertEquals(SHA256_OF_TEST, hash(model.toString()).sha256());
        assertEquals(SHA256_OF_NOTHING, hash(Files.createFile(dir.resolve("empty.bin"))).sha256());
    }

    @Test
    void bytesGiveTheirSha256() throws Exception {
        assertEquals(SHA256_OF_TEST, hash((Object) "test".getBytes(StandardCharsets.US_ASCII)).sha256());
    }

    @Test
    void aStringThatNamesNoFileIsANameAndSkippedWithoutAWord(@TempDir Path dir) throws Exception {
        Path model = Files.writeString(dir.resolve("model.bin"), "test");
        assertEquals(ModelFileHasher.Result.NONE, hash("churn", "v2"));
        assertEquals(new ModelFileHasher.Result(SHA256_OF_TEST, null), hash("churn", model.toString()),
                "the first argument that is a file is the model");
    }

    @Test
    void aPathOrFileThatIsNoReadableFileIsUnreadable(@TempDir Path dir) throws Exception {
        assertEquals(ModelFileHasher.Result.skipped("unreadable"), hash(dir));
        assertEquals(ModelFileHasher.Result.skipped("unreadable"), hash(dir.resolve("missing.bin").toFile()));
        Path model = Files.writeString(dir.resolve("model.bin"), "test");
        assertEquals(SHA256_OF_TEST, hash(dir, model).sha256(), "a later argument that is a file still serves");
    }

    @Test
    void aFileOrArrayLargerThanTheBoundIsNotRead(@TempDir Path dir) throws Exception {
        Path big = Files.write(dir.resolve("big.bin"), new byte[1025]);
        assertEquals(ModelFileHasher.Result.skipped("too_large"), hash(big));
        assertEquals(ModelFileHasher.Result.skipped("too_large"), hash((Object) new byte[1025]));
        assertEquals(64, hash((Object) new byte[1024]).sha256().length(), "the bound itself is hashed");
    }

    @Test
    void streamsAreNeverCandidatesSoNeverRead() throws IOException {
        ByteArrayInputStream stream = new ByteArrayInputStream("test".getBytes(StandardCharsets.US_ASCII));
        ModelFileDigests digests = new ModelFileDigests(new DigestSettings(true, 1024, 1000, 4));
        digests.start();
        assertEquals(null, digests.begin(new Object[]{stream, 3}), "nothing to hash, nothing begun");
        assertEquals(4, stream.available(), "the stream is the application's, untouched");
    }

    @Test
    void askingToStopEndsTheHashingBetweenReads(@TempDir Path dir) throws IOException {
        Path model = Files.writeString(dir.resolve("model.bin"), "test");
        assertThrows(ModelFileHasher.Stopped.class, () -> hasher.hash(new Object[]{model}, () -> true));
    }
}
