package io.predlog.agent.inflight;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an in-flight file written by {@link InflightTable}, typically one left behind by a process that died.
 *
 * @param pid              the process that wrote it
 * @param ownerStartMillis that process's start instant (epoch ms), or -1 when it was unknown
 * @param calls            the occupied slots: calls that were running when the file was last written
 */
public record InflightFile(long pid, long ownerStartMillis, List<InflightCall> calls) {

    /**
     * One call that was running.
     *
     * @param kind         {@link InflightTable#PREDICT} or {@link InflightTable#LOAD}
     * @param inputHash    the input hash's prefix; meaningful when {@code hasHash}
     * @param inputSize    canonical bytes of the input, or -1
     */
    public record InflightCall(int kind, long startEpochMillis, String requestId, String target, String method,
                               String modelId, String modelVersion, boolean hasHash, long inputHash,
                               boolean hashTruncated, boolean hashPartial, long inputSize, String thread) {
    }

    /** Reads the file; throws when it is not an in-flight file (wrong magic or version, too short). */
    public static InflightFile read(Path path) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.capacity() < InflightTable.HEADER_SIZE || b.getInt(0) != InflightTable.MAGIC) {
            throw new IOException("not a predlog in-flight file: " + path);
        }
        if (b.getInt(4) != InflightTable.VERSION) {
            throw new IOException("unknown in-flight file version " + b.getInt(4) + ": " + path);
        }
        int slotSize = b.getInt(8);
        int slots = b.getInt(12);
        long pid = b.getLong(16);
        long ownerStart = b.getLong(24);
        if (slotSize != InflightTable.SLOT_SIZE || slots < 0
                || InflightTable.HEADER_SIZE + (long) slots * slotSize > b.capacity()) {
            throw new IOException("in-flight file has an inconsistent header: " + path);
        }
        List<InflightCall> calls = new ArrayList<>();
        for (int slot = 0; slot < slots; slot++) {
            int base = InflightTable.HEADER_SIZE + slot * slotSize;
            int state = b.getInt(base + InflightTable.STATE);
            if (state != InflightTable.PREDICT && state != InflightTable.LOAD) {
                continue;
            }
            int flags = b.getInt(base + InflightTable.FLAGS);
            calls.add(new InflightCall(state, b.getLong(base + InflightTable.START),
                    InflightTable.readAscii(b, base + InflightTable.REQUEST_ID, InflightTable.REQUEST_ID_MAX),
                    InflightTable.readAscii(b, base + InflightTable.TARGET, InflightTable.TARGET_MAX),
                    InflightTable.readAscii(b, base + InflightTable.METHOD, InflightTable.METHOD_MAX),
                    InflightTable.readAscii(b, base + InflightTable.MODEL_ID, InflightTable.MODEL_ID_MAX),
                    InflightTable.readAscii(b, base + InflightTable.MODEL_VERSION, InflightTable.MODEL_VERSION_MAX),
                    (flags & InflightTable.FLAG_HASH) != 0, b.getLong(base + InflightTable.HASH),
                    (flags & InflightTable.FLAG_TRUNCATED) != 0, (flags & InflightTable.FLAG_PARTIAL) != 0,
                    b.getLong(base + InflightTable.SIZE),
                    InflightTable.readAscii(b, base + InflightTable.THREAD, InflightTable.THREAD_MAX)));
        }
        return new InflightFile(pid, ownerStart, List.copyOf(calls));
    }
}
