package io.predlog.agent.novelty;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size Bloom filter over 64-bit input hashes that any number of threads may query and insert into at
 * once, without locks: the set of input hashes one generation of a model's novelty filter has been given.
 *
 * <p>Why written here: DataSketches 6.x's {@code BloomFilter} is not thread-safe, and its serialization goes
 * through datasketches-memory, which refuses to initialise on JDK 25; Guava's would add 3 MB to the agent and
 * hashes through {@code Unsafe}. The keys are already uniform (the first 8 bytes of SHA-256 or HMAC-SHA256,
 * {@link io.predlog.agent.capture.HashResult#prefix()}), so the filter need not hash anything itself.
 *
 * <p>Sizing, for capacity {@code n} and false-positive rate {@code p}: {@code m = ⌈−n·ln p / (ln 2)²⌉} bits
 * (rounded up to whole 64-bit words), {@code k = round(m/n · ln 2)} probes (1 to {@value #MAX_PROBES}). Probe
 * {@code i} is bit {@code (h1 + i·h2) mod m} (Kirsch–Mitzenmacher double hashing), where {@code h1} is the
 * hash prefix and {@code h2} a 64-bit mix of it forced odd, and "mod m" is the multiply-high range reduction
 * (no division).
 *
 * <p>Concurrency: bits live in an {@link AtomicLongArray}. A probe whose bit is already set is a plain read; an
 * unset bit is set by compare-and-set, retried only while another thread changed the same word and the bit is
 * still unset, so no insertion is ever lost. Reads of a repeated input therefore never write shared memory.
 *
 * <p>Performance ({@code NoveltyBenchmark}, JDK 17, a shared 2-core x86-64 VM, default sizing, through
 * {@link NoveltyFilters#seenBefore} with its two generations):
 * <ul>
 *   <li>memory: {@code −ln p / (ln 2)²} bits per element: 9.6 bits at 1 % (1.2 MB per million), 14.4 at
 *       0.1 %, 4.8 at 10 %;</li>
 *   <li>a repeated input: {@code k} reads (7 at 1 %), no writes: about 18 ns/op while the probed words stay in
 *       cache, 45 ns/op when they are spread over the whole 2.4 MB (a cache miss per probe, overlapped);</li>
 *   <li>a new input: up to {@code k} CAS, the insertion count, and {@code k} reads of the previous generation:
 *       about 110–125 ns/op on one thread (contended CAS from several threads inserting at once costs more);</li>
 *   <li>no allocation, except a new generation once per {@code capacity} new inputs (≈ 1.2 B/op amortised).</li>
 * </ul>
 */
final class BloomFilter {

    /** Probes beyond this buy nothing measurable and cost a cache miss each (only fpp below ~1e-10 reaches it). */
    static final int MAX_PROBES = 32;
    private static final double LN2 = Math.log(2);

    /**
     * Words per chunk: 128 KiB, under half of G1's smallest region (1 MiB), so that no chunk is a humongous
     * object. One 1.2 MB array would take two whole regions in a 1 GiB heap: 4 MiB for a model's two generations
     * instead of 2.4 MB (measured with 32 models).
     */
    static final int CHUNK_WORDS = 1 << 14;

    private final AtomicLongArray[] chunks;
    private final int wordCount;
    private final long bits;
    private final int probes;
    /** Inputs whose insertion set at least one bit: distinct inputs, less those that were false positives. */
    private final AtomicLong inserted = new AtomicLong();

    /** An empty filter of {@code bits} bits (a positive multiple of 64) and {@code probes} probes per key. */
    BloomFilter(long bits, int probes) {
        if (bits <= 0 || bits % 64 != 0 || bits / 64 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("bits must be a positive multiple of 64 that fits an array: " + bits);
        }
        if (probes < 1 || probes > MAX_PROBES) {
            throw new IllegalArgumentException("probes must be from 1 to " + MAX_PROBES + ": " + probes);
        }
        this.wordCount = (int) (bits / 64);
        this.chunks = new AtomicLongArray[(wordCount + CHUNK_WORDS - 1) / CHUNK_WORDS];
        for (int c = 0; c < chunks.length; c++) {
            chunks[c] = new AtomicLongArray(Math.min(CHUNK_WORDS, wordCount - c * CHUNK_WORDS));
        }
        this.bits = bits;
        this.probes = probes;
    }

    /** Bits for {@code capacity} keys at false-positive rate {@code fpp} ∈ (0, 1), rounded up to whole words. */
    static long bitsFor(long capacity, double fpp) {
        checkSizing(capacity, fpp);
        double exact = Math.ceil(-capacity * Math.log(fpp) / (LN2 * LN2));
        long words = (long) Math.ceil(exact / 64);
        return Math.max(1, words) * 64;
    }

    /** Probes for {@code capacity} keys in {@code bits} bits: {@code round(bits/capacity · ln 2)}, 1 to 32. */
    static int probesFor(long capacity, long bits) {
        long k = Math.round((double) bits / capacity * LN2);
        return (int) Math.max(1, Math.min(MAX_PROBES, k));
    }

    /** An empty filter sized for {@code capacity} keys at false-positive rate {@code fpp}. */
    static BloomFilter sizedFor(long capacity, double fpp) {
        long bits = bitsFor(capacity, fpp);
        return new BloomFilter(bits, probesFor(capacity, bits));
    }

    private static void checkSizing(long capacity, double fpp) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        if (!(fpp > 0 && fpp < 1)) {
            throw new IllegalArgumentException("fpp must be greater than 0 and less than 1: " + fpp);
        }
    }

    /** Whether {@code key} may have been added: false is certain, true is wrong with probability about fpp. */
    boolean mightContain(long key) {
        long h = key;
        long step = step(key);
        for (int i = 0; i < probes; i++) {
            long bit = index(h);
            int word = (int) (bit >>> 6);
            if ((chunks[word / CHUNK_WORDS].get(word % CHUNK_WORDS) & (1L << bit)) == 0) {
                return false;
            }
            h += step;
        }
        return true;
    }

    /**
     * Adds {@code key}; true when that set at least one bit, i.e. the key was certainly not in the filter before.
     * False means it was (or is a false positive). Lock-free; never loses a concurrent insertion.
     */
    boolean add(long key) {
        long h = key;
        long step = step(key);
        boolean changed = false;
        for (int i = 0; i < probes; i++) {
            long bit = index(h);
            int word = (int) (bit >>> 6);
            AtomicLongArray chunk = chunks[word / CHUNK_WORDS];
            int at = word % CHUNK_WORDS;
            long mask = 1L << bit;
            long current = chunk.get(at);
            while ((current & mask) == 0) {
                if (chunk.compareAndSet(at, current, current | mask)) {
                    changed = true;
                    break;
                }
                current = chunk.get(at);
            }
            h += step;
        }
        if (changed) {
            inserted.incrementAndGet();
        }
        return changed;
    }

    /** Sets every bit that is set in {@code other} (same size), so this filter holds both sets; adds the counts. */
    void merge(long[] otherWords, long otherInserted) {
        if (otherWords.length != wordCount) {
            throw new IllegalArgumentException("different sizes: " + otherWords.length + " and " + wordCount);
        }
        for (int i = 0; i < otherWords.length; i++) {
            long add = otherWords[i];
            if (add != 0) {
                chunks[i / CHUNK_WORDS].getAndAccumulate(i % CHUNK_WORDS, add, (a, b) -> a | b);
            }
        }
        inserted.addAndGet(otherInserted);
    }

    /** A copy of the bit words; concurrent insertions may or may not be in it, each word is consistent. */
    long[] snapshot() {
        long[] copy = new long[wordCount];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = chunks[i / CHUNK_WORDS].get(i % CHUNK_WORDS);
        }
        return copy;
    }

    long bits() {
        return bits;
    }

    int probes() {
        return probes;
    }

    /** How many additions set a bit: the distinct keys it holds, give or take false positives at insertion. */
    long inserted() {
        return inserted.get();
    }

    /** The probe stride: a 64-bit finaliser (SplitMix64's) of the key, odd so that probes cannot repeat early. */
    private static long step(long key) {
        long z = key + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) | 1;
    }

    /** {@code h} mapped uniformly onto [0, bits): the high 64 bits of the unsigned product {@code h · bits}. */
    private long index(long h) {
        return Math.multiplyHigh(h, bits) + ((h >> 63) & bits);
    }
}
