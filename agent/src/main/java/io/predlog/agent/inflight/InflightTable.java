package io.predlog.agent.inflight;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import static io.predlog.agent.inflight.SlotLayout.*;

/**
 * The in-flight record: a small memory-mapped file of fixed-size slots, one per predict or load call running
 * right now. A call takes a free slot at enter (a CAS on an in-memory occupancy array, probing from a
 * per-thread start), writes a few fixed-width fields into the mapping and publishes the slot by writing its
 * state last (a release store); at completion it writes the state back to free. No allocation, no lock, no
 * fsync: the pages belong to the kernel's page cache, which writes them back even after the process is killed
 * ({@code kill -9}, the OOM killer). A JVM that starts later reads what is left ({@link InflightFile#read}).
 *
 * <p>The file's layout, and how a slot's fields are written and read, are {@link SlotLayout}'s.
 *
 * <p>When every slot is taken, a call is simply not recorded and counted ({@link #full()}).
 *
 * <p>The file is created 0640 ({@link InflightMapping}). Should it be deleted while the process runs (a clean-up
 * job removing the directory), {@link #recreateIfGone} makes a new one at the same path with the calls running
 * at that moment, and later calls are recorded there; {@link InflightWatch} checks every second.
 */
public final class InflightTable implements AutoCloseable {

    public static final int FREE = 0;
    public static final int PREDICT = 1;
    public static final int LOAD = 2;

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final long pid;
    private final long ownerStartMillis;
    /** The file's mapping; replaced by {@link #recreateIfGone} (under this table's lock). */
    private InflightMapping file;
    /** {@code file.map()}, what the hot path writes into; volatile so a recreated file is seen at once. */
    private volatile MappedByteBuffer map;
    private final int slots;
    private final int mask;
    private final AtomicIntegerArray taken;
    private final AtomicLong full = new AtomicLong();
    /** Pre-encoded target and method names (a bounded set: the advice's constants); lookups allocate nothing. */
    private final ConcurrentHashMap<String, byte[]> names = new ConcurrentHashMap<>();
    /**
     * Per slot, the mapping and the strings its last holder wrote there. A thread's calls take the same slot call
     * after call (the probe starts at the thread's place), with the same target, method, model and thread name: those
     * are written only when they changed, or the mapping did. Read and written only by the slot's holder, whose
     * {@link #taken} compare-and-set orders it after the previous holder's release.
     */
    private final Object[] writtenTo;
    private final String[][] written;
    private volatile boolean closed;

    private InflightTable(Path path, InflightMapping file, int slots, long pid, long ownerStartMillis) {
        this.path = path;
        this.file = file;
        this.map = file.map();
        this.pid = pid;
        this.ownerStartMillis = ownerStartMillis;
        this.slots = slots;
        this.mask = Integer.highestOneBit(slots) == slots ? slots - 1 : -1;
        this.taken = new AtomicIntegerArray(slots);
        this.writtenTo = new Object[slots];
        this.written = new String[slots][WRITTEN_FIELDS];
    }

    /**
     * Creates (or truncates) the file at {@code path} with {@code slots} free slots, owned by {@code pid}.
     *
     * @param ownerStartMillis the owning process's start instant in epoch ms, or -1 when unknown
     */
    public static InflightTable create(Path path, int slots, long pid, long ownerStartMillis) throws IOException {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1");
        }
        return new InflightTable(path, InflightMapping.create(path, slots, pid, ownerStartMillis), slots, pid,
                ownerStartMillis);
    }

    /**
     * Creates the file anew when its path no longer names the mapped file (deleted with its directory, or
     * replaced): the slots of the calls running now are copied into the new file, which later calls use. A call
     * that begins during the copy itself may be missing from the new file until it ends. Not on the hot path:
     * {@link InflightWatch}'s thread, about once a second.
     *
     * @return how many running calls were carried over; -1 when the file is in place (or the table closed)
     */
    synchronized int recreateIfGone() throws IOException {
        if (closed || file.stillAt(path)) {
            return -1;
        }
        InflightMapping fresh = InflightMapping.create(path, slots, pid, ownerStartMillis);
        MappedByteBuffer from = file.map();
        MappedByteBuffer to = fresh.map();
        int carried = 0;
        for (int slot = 0; slot < slots; slot++) {
            int base = HEADER_SIZE + slot * SLOT_SIZE;
            if (taken.get(slot) == 0 || (int) INT.getAcquire(from, base + STATE) == FREE) {
                continue;
            }
            for (int i = SLOT_SIZE - Long.BYTES; i >= 0; i -= Long.BYTES) { // the state, at offset 0, last
                to.putLong(base + i, from.getLong(base + i));
            }
            carried++;
        }
        InflightMapping old = file;
        file = fresh;
        map = to;
        try {
            old.channel().close();
        } catch (IOException ignored) {
            // the old file is gone already
        }
        return carried;
    }

    /** Whether {@link #close} was called. */
    boolean isClosed() {
        return closed;
    }

    /**
     * Records a call as running. Never throws, allocates nothing (after a target's and method's first call).
     *
     * @param kind            {@link #PREDICT} or {@link #LOAD}
     * @param hashPrefix      the input hash's 64-bit prefix, meaningful when {@code hashFlags} has {@link #FLAG_HASH}
     * @param hashFlags       0 when no input hash is known, else {@link #FLAG_HASH} plus truncated/partial flags
     * @param inputSize       canonical bytes of the input, or -1
     * @return the slot, to hand to {@link #end}; -1 when the table is full or closed
     */
    public int begin(int kind, long startEpochMillis, String requestId, String target, String method,
                     String modelId, String modelVersion, long hashPrefix, int hashFlags, long inputSize,
                     String thread) {
        return begin(kind, startEpochMillis, requestId, 0, 0, target, method, modelId, modelVersion, hashPrefix,
                hashFlags, inputSize, thread);
    }

    /**
     * As {@link #begin(int, long, String, String, String, String, String, long, int, long, String)}, for a call
     * whose request id may be a generated one held as two numbers: when {@code requestId} is null and the numbers
     * are not both zero, the id written is their 32 hex digits ({@code RequestIds.text}).
     */
    public int begin(int kind, long startEpochMillis, String requestId, long idHigh, long idLow, String target,
                     String method, String modelId, String modelVersion, long hashPrefix, int hashFlags,
                     long inputSize, String thread) {
        if (closed) {
            return -1;
        }
        int slot = acquire();
        if (slot < 0) {
            full.incrementAndGet();
            return -1;
        }
        try {
            int base = HEADER_SIZE + slot * SLOT_SIZE;
            MappedByteBuffer m = map;
            m.putInt(base + FLAGS, hashFlags);
            m.putLong(base + START, startEpochMillis);
            m.putLong(base + HASH, hashPrefix);
            m.putLong(base + SIZE, inputSize);
            if (requestId == null && (idHigh | idLow) != 0) {
                putHex(m, base + REQUEST_ID, idHigh, idLow);
            } else {
                putAscii(m, base + REQUEST_ID, REQUEST_ID_MAX, requestId);
            }
            String[] last = written[slot];
            if (writtenTo[slot] != m) {
                writtenTo[slot] = m;
                java.util.Arrays.fill(last, UNWRITTEN);
            }
            if (changed(last, TARGET_WRITTEN, target)) {
                putName(m, base + TARGET, TARGET_MAX, target);
            }
            if (changed(last, METHOD_WRITTEN, method)) {
                putName(m, base + METHOD, METHOD_MAX, method);
            }
            if (changed(last, MODEL_ID_WRITTEN, modelId)) {
                putAscii(m, base + MODEL_ID, MODEL_ID_MAX, modelId);
            }
            if (changed(last, MODEL_VERSION_WRITTEN, modelVersion)) {
                putAscii(m, base + MODEL_VERSION, MODEL_VERSION_MAX, modelVersion);
            }
            if (changed(last, THREAD_WRITTEN, thread)) {
                putAscii(m, base + THREAD, THREAD_MAX, thread);
            }
            INT.setRelease(m, base + STATE, kind); // published last: a torn slot reads as free
            return slot;
        } catch (Throwable t) {
            writtenTo[slot] = null; // what was written is not known: the next holder writes everything
            taken.set(slot, 0);
            return -1;
        }
    }

    /** Frees a slot taken by {@link #begin}; a negative slot is ignored. Never throws, allocates nothing. */
    public void end(int slot) {
        if (slot < 0 || slot >= slots) {
            return;
        }
        try {
            if (!closed) {
                INT.setRelease(map, HEADER_SIZE + slot * SLOT_SIZE + STATE, FREE);
            }
        } catch (Throwable ignored) {
            // the mapping is gone (closed concurrently): nothing to clear
        } finally {
            taken.set(slot, 0);
        }
    }

    /** The {@code hashFlags} of {@link #begin} for a known hash. */
    public static int flags(boolean truncated, boolean partial) {
        return FLAG_HASH | (truncated ? FLAG_TRUNCATED : 0) | (partial ? FLAG_PARTIAL : 0);
    }

    /** Calls that found every slot taken and were not recorded. */
    public long full() {
        return full.get();
    }

    public int slots() {
        return slots;
    }

    public Path path() {
        return path;
    }

    /** Slots taken now (for tests). */
    int occupied() {
        int n = 0;
        for (int i = 0; i < slots; i++) {
            n += taken.get(i);
        }
        return n;
    }

    /** Stops recording, unmaps lazily (the buffer stays valid until collected) and deletes the file: a clean exit. */
    @Override
    public synchronized void close() {
        closed = true;
        try {
            file.channel().close();
        } catch (IOException ignored) {
            // nothing to do
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // left behind: the next start sees its owner gone and finds no occupied slot, or a few
        }
    }

    @SuppressWarnings("deprecation") // Thread.getId(): threadId() needs JDK 19
    private int acquire() {
        int n = slots;
        int start = (int) (Thread.currentThread().getId() * 0x9E3779B9L >>> 16);
        start = mask >= 0 ? start & mask : Math.floorMod(start, n);
        AtomicIntegerArray t = taken;
        for (int probe = 0; probe < n; probe++) {
            int i = start + probe;
            if (i >= n) {
                i -= n;
            }
            if (t.get(i) == 0 && t.compareAndSet(i, 0, 1)) {
                return i;
            }
        }
        return -1;
    }

    /** The places in a slot's {@link #written} strings. */
    private static final int TARGET_WRITTEN = 0;
    private static final int METHOD_WRITTEN = 1;
    private static final int MODEL_ID_WRITTEN = 2;
    private static final int MODEL_VERSION_WRITTEN = 3;
    private static final int THREAD_WRITTEN = 4;
    private static final int WRITTEN_FIELDS = 5;
    /** Not a string any call passes: what a slot's {@link #written} holds before anything is written there. */
    @SuppressWarnings("StringOperationCanBeSimplified") // a distinct instance on purpose
    private static final String UNWRITTEN = new String("unwritten");

    /**
     * Whether {@code value} is another string than the one the slot's {@code field} last held, recording it as the
     * one held (a write that then fails makes {@link #begin} forget the slot's strings).
     */
    private static boolean changed(String[] last, int field, String value) {
        if (last[field] == value) {
            return false;
        }
        last[field] = value;
        return true;
    }

    private void putName(ByteBuffer m, int offset, int max, String value) {
        if (value == null) {
            m.putShort(offset, (short) 0);
            return;
        }
        byte[] bytes = names.get(value);
        if (bytes == null) {
            bytes = SlotLayout.ascii(value, max);
            if (names.size() < 4096) {
                names.putIfAbsent(value, bytes);
            }
        }
        m.putShort(offset, (short) bytes.length);
        m.put(offset + 2, bytes);
    }
}
