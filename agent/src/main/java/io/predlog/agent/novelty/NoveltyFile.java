package io.predlog.agent.novelty;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * One model's novelty filters on disk ({@code predlog.novelty.dir}), so that inputs seen before a restart are
 * still seen after it. Read once at start, written periodically and at shutdown, always off the application's
 * threads.
 *
 * <p>Format, big-endian ({@link DataOutputStream}):
 * <pre>
 * magic        4 bytes  "PLNV"
 * version      int      2 (the split-block layout of {@link BloomFilter}; version 1 files, of the classic layout, are
 *                       not read)
 * key          long     fingerprint of predlog.hash.key (0 when unset), see {@link #keyFingerprint}
 * bits         long     m, bits per generation
 * probes       int      bits set per input (8)
 * capacity     long     distinct inputs per generation
 * rotations    long     generations started since the model was first tracked (informational)
 * model id     int n, then n bytes of UTF-8
 * current      long inserted, int w, then w longs (the bit words)
 * previous     long inserted, int w, then w longs
 * crc          long     CRC-32 of every byte above
 * </pre>
 * A file is used only when its version, key fingerprint, bits and probes are the ones this run would use and
 * its CRC is right; anything else is a {@link Rejected} with the reason, and the model starts empty.
 *
 * <p>The file name comes from the model id: its characters outside {@code [A-Za-z0-9._-]} replaced by
 * {@code _}, cut to 48, then {@code -} and 12 hex characters of the id's SHA-256 (so two ids that sanitise
 * alike cannot share a file, and no id can name a path outside the directory), then {@value #SUFFIX}.
 */
final class NoveltyFile {

    static final String SUFFIX = ".bloom";
    static final int VERSION = 2;
    private static final int MAGIC = 0x504C4E56; // "PLNV"
    private static final int MAX_MODEL_ID_BYTES = 1 << 16;

    private NoveltyFile() {
    }

    /** What a file held, when it could be used. */
    record Saved(String modelId, long capacity, long rotations, long[] current, long currentInserted,
                 long[] previous, long previousInserted) {
    }

    /** A file that could not be used, and why (said in the warning). */
    static final class Rejected extends Exception {
        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The file name for {@code modelId} (see the class comment). */
    static String fileName(String modelId) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < modelId.length() && name.length() < 48; i++) {
            char c = modelId.charAt(i);
            boolean safe = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' && i > 0;
            name.append(safe ? c : '_');
        }
        byte[] digest = sha256(modelId.getBytes(StandardCharsets.UTF_8));
        name.append('-');
        for (int i = 0; i < 6; i++) {
            name.append(Character.forDigit((digest[i] >> 4) & 0xF, 16)).append(Character.forDigit(digest[i] & 0xF, 16));
        }
        return name.append(SUFFIX).toString();
    }

    /**
     * Which HMAC key the hashes were made with: 0 without a key, else the first 8 bytes of HMAC-SHA256 of a fixed
     * text under the key (never the key itself). A filter filled under another key holds other hashes for the
     * same inputs, so it would answer at random.
     */
    static long keyFingerprint(byte[] hashKey) {
        if (hashKey == null) {
            return 0;
        }
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(hashKey.length == 0 ? new byte[1] : hashKey, "HmacSHA256"));
            byte[] out = mac.doFinal("predlog novelty key check".getBytes(StandardCharsets.US_ASCII));
            long f = 0;
            for (int i = 0; i < 8; i++) {
                f = (f << 8) | (out[i] & 0xFF);
            }
            return f == 0 ? 1 : f;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Writes {@code model}'s filters to {@code file} atomically: a temporary file beside it, then a move. */
    static void write(Path file, ModelNovelty model, long keyFingerprint) throws IOException {
        ModelNovelty.Generations g = model.generations();
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        CRC32 crc = new CRC32();
        try (OutputStream raw = Files.newOutputStream(temp);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc),
                     1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(keyFingerprint);
            out.writeLong(model.bits());
            out.writeInt(BloomFilter.PROBES);
            out.writeLong(model.capacity());
            out.writeLong(g.number());
            byte[] id = model.modelId().getBytes(StandardCharsets.UTF_8);
            out.writeInt(id.length);
            out.write(id);
            writeGeneration(out, g.current());
            writeGeneration(out, g.previous());
            out.flush();
            long sum = crc.getValue();
            out.writeLong(sum);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void writeGeneration(DataOutputStream out, BloomFilter filter) throws IOException {
        long inserted = filter.inserted();
        long[] words = filter.snapshot();
        out.writeLong(inserted);
        out.writeInt(words.length);
        for (long w : words) {
            out.writeLong(w);
        }
    }

    /**
     * Reads {@code file}, expecting filters of {@code bits} bits made under the key of that fingerprint.
     *
     * @throws Rejected when the file is of another format, version, size or key, or damaged
     * @throws IOException when it cannot be read
     */
    static Saved read(Path file, long bits, long keyFingerprint) throws IOException, Rejected {
        CRC32 crc = new CRC32();
        try (InputStream raw = Files.newInputStream(file);
             CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(raw, 1 << 16), crc);
             DataInputStream in = new DataInputStream(checked)) {
            if (in.readInt() != MAGIC) {
                throw new Rejected("not a predlog novelty file");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new Rejected("format version " + version + ", this agent reads " + VERSION);
            }
            if (in.readLong() != keyFingerprint) {
                throw new Rejected("written under another predlog.hash.key (or with/without one), so its hashes"
                        + " do not match this run's");
            }
            long fileBits = in.readLong();
            int fileProbes = in.readInt();
            long capacity = in.readLong();
            if (fileBits != bits || fileProbes != BloomFilter.PROBES) {
                throw new Rejected("sized for another predlog.novelty.capacity/fpp (" + fileBits + " bits, "
                        + fileProbes + " probes; now " + bits + " bits, " + BloomFilter.PROBES + " probes)");
            }
            long rotations = in.readLong();
            int idLength = in.readInt();
            if (idLength < 0 || idLength > MAX_MODEL_ID_BYTES) {
                throw new Rejected("damaged (model id length " + idLength + ")");
            }
            String modelId = new String(in.readNBytes(idLength), StandardCharsets.UTF_8);
            int words = (int) (bits / 64);
            long currentInserted = in.readLong();
            long[] current = readWords(in, words);
            long previousInserted = in.readLong();
            long[] previous = readWords(in, words);
            long expected = crc.getValue();
            if (in.readLong() != expected) {
                throw new Rejected("damaged (checksum mismatch)");
            }
            if (in.read() != -1) {
                throw new Rejected("damaged (bytes after the end)");
            }
            return new Saved(modelId, capacity, rotations, current, currentInserted, previous, previousInserted);
        } catch (java.io.EOFException e) {
            throw new Rejected("truncated");
        }
    }

    private static long[] readWords(DataInputStream in, int expected) throws IOException, Rejected {
        int count = in.readInt();
        if (count != expected) {
            throw new Rejected("damaged (" + count + " words where " + expected + " were expected)");
        }
        long[] words = new long[count];
        for (int i = 0; i < count; i++) {
            words[i] = in.readLong();
        }
        return words;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
