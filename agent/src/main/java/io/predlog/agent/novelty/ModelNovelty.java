package io.predlog.agent.novelty;

import java.util.concurrent.atomic.AtomicReference;

/**
 * One model's memory of the inputs it was given: two generations of Bloom filters, so that memory stays bounded
 * however many distinct inputs arrive, and what is remembered is what was seen recently.
 *
 * <p>Each input is looked up in both generations and inserted into the current one (so an input that keeps
 * coming back is carried into each new generation). When the current generation has taken {@code capacity}
 * distinct inputs — the point past which its false-positive rate would climb above the configured one — it
 * becomes the previous generation, the old previous one is dropped, and a new empty one starts. An input is
 * therefore reported seen when the model was given it within roughly its last {@code capacity} to
 * {@code 2 × capacity} distinct inputs: at least the last {@code capacity} are always remembered, and an input
 * not seen for more than {@code 2 × capacity} distinct inputs is always forgotten.
 *
 * <p>The false-positive rate of an answer is that of either generation answering wrongly: at most about
 * {@code 2 × fpp} just before a rotation, about {@code fpp} on average over a generation's life.
 */
final class ModelNovelty {

    private final String modelId;
    private final long capacity;
    private final long bits;
    /** Both generations, swapped as one so that a reader never sees a rotation half done. */
    private final AtomicReference<Generations> generations;

    /** Current and previous filters; {@code number} counts rotations since this model was first tracked. */
    record Generations(BloomFilter current, BloomFilter previous, long number) {
    }

    ModelNovelty(String modelId, long capacity, long bits) {
        this.modelId = modelId;
        this.capacity = capacity;
        this.bits = bits;
        this.generations = new AtomicReference<>(new Generations(new BloomFilter(bits),
                new BloomFilter(bits), 0));
    }

    /** Records {@code key} as given to this model and says whether it had been (within the window above). */
    boolean seenBefore(long key) {
        Generations g = generations.get();
        boolean newToCurrent = g.current.add(key);
        if (!newToCurrent) {
            return true;
        }
        boolean seen = g.previous.mightContain(key);
        if (g.current.inserted() >= capacity) {
            rotate(g);
        }
        return seen;
    }

    /**
     * Starts a new generation once {@code full} is the current one. The new filter is allocated by the one
     * thread whose insertion filled the generation (about once per {@code capacity} distinct inputs);
     * a thread that loses the race drops its copy.
     */
    private void rotate(Generations full) {
        if (generations.get() == full) {
            generations.compareAndSet(full, new Generations(new BloomFilter(bits), full.current,
                    full.number + 1));
        }
    }

    /** Adds a saved state (same sizes) to this one: the union of what both remember, generation by generation. */
    void merge(long[] current, long currentInserted, long[] previous, long previousInserted) {
        Generations g = generations.get();
        g.current.merge(current, currentInserted);
        g.previous.merge(previous, previousInserted);
    }

    Generations generations() {
        return generations.get();
    }

    String modelId() {
        return modelId;
    }

    long capacity() {
        return capacity;
    }

    long bits() {
        return bits;
    }

    /**
     * A number that changes whenever the remembered set may have changed (a new input or a rotation), so a
     * persistence pass can skip a model nothing happened to since it was last written.
     */
    long changeMark() {
        Generations g = generations.get();
        return g.number * (capacity + 1) + g.current.inserted();
    }
}
