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
        if (b.capacity() < SlotLayout.HEADER_SIZE || b.getInt(0) != SlotLayout.MAGIC) {
            throw new IOException("not a predlog in-flight file: " + path);
        }
        if (b.getInt(4) != SlotLayout.VERSION) {
            throw new IOException("unknown in-flight file version " + b.getInt(4) + ": " + path);
        }
        int slotSize = b.getInt(8);
        int slots = b.getInt(12);
        long pid = b.getLong(16);
        long ownerStart = b.getLong(24);
        if (slotSize != SlotLayout.SLOT_SIZE || slots < 0
                || SlotLayout.HEADER_SIZE + (long) slots * slotSize > b.capacity()) {
            throw new IOException("in-flight file has an inconsistent header: " + path);
        }
        List<InflightCall> calls = new ArrayList<>();
        for (int slot = 0; slot < slots; slot++) {
            int base = SlotLayout.HEADER_SIZE + slot * slotSize;
            int state = b.getInt(base + SlotLayout.STATE);
            if (state != InflightTable.PREDICT && state != InflightTable.LOAD) {
                continue;
            }
            int flags = b.getInt(base + SlotLayout.FLAGS);
            calls.add(new InflightCall(state, b.getLong(base + SlotLayout.START),
                    SlotLayout.readAscii(b, base + SlotLayout.REQUEST_ID, SlotLayout.REQUEST_ID_MAX),
                    SlotLayout.readAscii(b, base + SlotLayout.TARGET, SlotLayout.TARGET_MAX),
                    SlotLayout.readAscii(b, base + SlotLayout.METHOD, SlotLayout.METHOD_MAX),
                    SlotLayout.readAscii(b, base + SlotLayout.MODEL_ID, SlotLayout.MODEL_ID_MAX),
                    SlotLayout.readAscii(b, base + SlotLayout.MODEL_VERSION, SlotLayout.MODEL_VERSION_MAX),
                    (flags & SlotLayout.FLAG_HASH) != 0, b.getLong(base + SlotLayout.HASH),
                    (flags & SlotLayout.FLAG_TRUNCATED) != 0, (flags & SlotLayout.FLAG_PARTIAL) != 0,
                    b.getLong(base + SlotLayout.SIZE),
                    SlotLayout.readAscii(b, base + SlotLayout.THREAD, SlotLayout.THREAD_MAX)));
        }
        return new InflightFile(pid, ownerStart, List.copyOf(calls));
    }
}
