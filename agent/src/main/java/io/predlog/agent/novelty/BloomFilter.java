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
 * <p>Layout: a split-block Bloom filter (the layout of Parquet's and Impala's filters). The bits are blocks of
 * {@value #BLOCK_WORDS} 64-bit words; a key picks one block ({@code key · blocks}'s high 64 bits, no division)
 * and sets one bit in each of its words (six bits each of a 64-bit mix of the key), so {@value #PROBES} probes
 * read 64 consecutive bytes: one or two cache lines instead of a line per probe. On a service whose inputs are
 * new the filters are larger than the caches, and the probes' misses were most of the filter's cost.
 *
 * <p>Sizing, for capacity {@code n} and false-positive rate {@code p}: the smallest whole number of blocks whose
 * false-positive rate with {@code n} keys is at most {@code p}, that rate being the average over a block's key
 * count ({@code Poisson(512·n/m)}) of {@code (1 − (1 − 1/64)^i)^8}. That takes a little more memory than the
 * classic layout for the same rate: 10.1 bits a key at 1 % (classic 9.6), 15.7 at 0.1 % (14.4), 5.9 at 10 %
 * (4.8). A generation is held to {@link #MAX_BITS}; a rate that would need more is not reached
 * ({@link #bitsFor}).
 *
 * <p>Concurrency: bits live in {@link AtomicLongArray}s. A probe whose bit is already set is a plain read; an
 * unset bit is set by compare-and-set, retried only while another thread changed the same word and the bit is
 * still unset, so no insertion is ever lost. Reads of a repeated input therefore never write shared memory.
 *
 * <p>Cost ({@code NoveltyBenchmark}, docs/NOVELTY.md): a repeated input is {@value #PROBES} reads of one block per
 * generation, no writes; a new one up to {@value #PROBES} compare-and-sets in the current generation's block and
 * the reads of the previous generation's; no allocation, except a new generation once per {@code capacity} new
 * inputs.
 */
final class BloomFilter {

    /** Words per block: 512 bits, the 64 bytes of a cache line. */
    static final int BLOCK_WORDS = 8;
    /** Bits set per key: one in each word of its block. */
    static final int PROBES = BLOCK_WORDS;
    /** The most bits a filter is given: 1 GiB. */
    static final long MAX_BITS = 1L << 33;
    private static final int BLOCK_BITS = BLOCK_WORDS * 64;

    /**
     * Words per chunk: 128 KiB, under half of G1's smallest region (1 MiB), so that no chunk is a humongous
     * object. One 1.2 MB array would take two whole regions in a 1 GiB heap: 4 MiB for a model's two generations
     * instead of 2.4 MB (measured with 32 models). A multiple of {@link #BLOCK_WORDS}: no block spans two chunks.
     */
    static final int CHUNK_WORDS = 1 << 14;
    private static final int CHUNK_SHIFT = 14;

    private final AtomicLongArray[] chunks;
    private final int wordCount;
    private final long bits;
    private final long blocks;
    /** Inputs whose insertion set at least one bit: distinct inputs, less those that were false positives. */
    private final AtomicLong inserted = new AtomicLong();

    /** An empty filter of {@code bits} bits: a positive multiple of 512, at most {@link #MAX_BITS}. */
    BloomFilter(long bits) {
        if (bits <= 0 || bits % BLOCK_BITS != 0 || bits > MAX_BITS) {
            throw new IllegalArgumentException("bits must be a positive multiple of " + BLOCK_BITS + ", at most "
                    + MAX_BITS + ": " + bits);
        }
        this.wordCount = (int) (bits / 64);
        this.chunks = new AtomicLongArray[(wordCount + CHUNK_WORDS - 1) / CHUNK_WORDS];
        for (int c = 0; c < chunks.length; c++) {
            chunks[c] = new AtomicLongArray(Math.min(CHUNK_WORDS, wordCount - c * CHUNK_WORDS));
        }
        this.bits = bits;
        this.blocks = bits / BLOCK_BITS;
    }

    /**
     * Bits for {@code capacity} keys at false-positive rate {@code fpp} ∈ (0, 1): whole blocks, at least one, at
     * most {@link #MAX_BITS} (a rate that needs more gets {@code MAX_BITS}, and {@link #falsePositiveRate} says
     * what it then is).
     */
    static long bitsFor(long capacity, double fpp) {
        checkSizing(capacity, fpp);
        double low = 0;
        double high = (double) MAX_BITS / capacity;
        if (falsePositiveRate(high) > fpp) {
            return MAX_BITS;
        }
        for (int i = 0; i < 100 && high - low > 1e-9 * high; i++) { // the rate falls as bits per key rise
            double middle = (low + high) / 2;
            if (falsePositiveRate(middle) > fpp) {
                low = middle;
            } else {
                high = middle;
            }
        }
        double blockCount = Math.ceil(high * capacity / BLOCK_BITS);
        return (long) Math.min(Math.max(1, blockCount), MAX_BITS / BLOCK_BITS) * BLOCK_BITS;
    }

    /**
     * The false-positive rate of a filter holding {@code bitsPerKey} bits a key: over a block's number of keys
     * {@code i ~ Poisson(512 / bitsPerKey)}, the chance {@code (1 − (1 − 1/64)^i)^8} that a key's eight bits are
     * all set by others.
     */
    static double falsePositiveRate(double bitsPerKey) {
        double lambda = BLOCK_BITS / bitsPerKey;
        double rate = 0;
        double logTerm = -lambda; // log of Poisson(i; lambda), from i = 0
        double wordMiss = 1; // (1 - 1/64)^i
        int last = (int) Math.ceil(lambda + 12 * Math.sqrt(lambda) + 40);
        for (int i = 0; i <= last; i++) {
            rate += Math.exp(logTerm) * Math.pow(1 - wordMiss, PROBES);
            logTerm += Math.log(lambda) - Math.log(i + 1);
            wordMiss *= 1 - 1.0 / 64;
        }
        return rate;
    }

    /** An empty filter sized for {@code capacity} keys at false-positive rate {@code fpp}. */
    static BloomFilter sizedFor(long capacity, double fpp) {
        return new BloomFilter(bitsFor(capacity, fpp));
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
        int first = firstWord(key);
        AtomicLongArray chunk = chunks[first >>> CHUNK_SHIFT];
        int at = first & (CHUNK_WORDS - 1);
        long positions = positions(key);
        for (int i = 0; i < BLOCK_WORDS; i++) {
            if ((chunk.get(at + i) & (1L << (positions >>> (6 * i)))) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds {@code key}; true when that set at least one bit, i.e. the key was certainly not in the filter before.
     * False means it was (or is a false positive). Lock-free; never loses a concurrent insertion.
     */
    boolean add(long key) {
        int first = firstWord(key);
        AtomicLongArray chunk = chunks[first >>> CHUNK_SHIFT];
        int at = first & (CHUNK_WORDS - 1);
        long positions = positions(key);
        boolean changed = false;
        for (int i = 0; i < BLOCK_WORDS; i++) {
            long mask = 1L << (positions >>> (6 * i)); // a shift takes the low six bits of its count
            int word = at + i;
            long current = chunk.get(word);
            while ((current & mask) == 0) {
                if (chunk.compareAndSet(word, current, current | mask)) {
                    changed = true;
                    break;
                }
                current = chunk.get(word);
            }
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

    /** How many additions set a bit: the distinct keys it holds, give or take false positives at insertion. */
    long inserted() {
        return inserted.get();
    }

    /** The index of the first word of {@code key}'s block: the high 64 bits of the unsigned product key · blocks. */
    private int firstWord(long key) {
        long block = Math.multiplyHigh(key, blocks) + ((key >> 63) & blocks);
        return (int) (block * BLOCK_WORDS);
    }

    /** Eight six-bit bit positions, one per word of the block: a 64-bit finaliser (SplitMix64's) of the key. */
    private static long positions(long key) {
        long z = key + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
