package io.predlog.agent.novelty;

import io.predlog.agent.capture.HashResult;
import io.predlog.agent.config.AgentConfig;
import io.predlog.agent.config.ConfigKeys;
import io.predlog.agent.diagnostics.Diagnostics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Whether a model has been given an input before ({@code input_seen_before}): one two-generation Bloom
 * filter set ({@link ModelNovelty}) per model id, asked by the recorder on the application's thread for every
 * predict call, sampled or not; optionally kept across restarts by {@link NoveltyPersistence}.
 *
 * <p>Answers: {@code false} is always right unless the input was given so long ago that rotation forgot it;
 * {@code true} is wrong with probability about {@code predlog.novelty.fpp}. Null means "cannot say": no input hash
 * (capture failed), or the model is beyond {@code predlog.novelty.max_models}. A truncated or partial hash is
 * used like any other: it is the hash of the bounded canonical prefix, so the same large input still gives the
 * same hash (two inputs that differ only past the bound look alike, as they do in {@code input_hash}). A null
 * model id is tracked as a model of its own.
 */
public final class NoveltyFilters {

    private static final String NULL_MODEL = "";

    private final long capacity;
    private final long bits;
    private final int maxModels;
    private final ConcurrentHashMap<String, ModelNovelty> models = new ConcurrentHashMap<>();
    /** The model of the last call: most services predict with one model, so this skips the map lookup. */
    private volatile ModelNovelty last;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicBoolean refusalWarned = new AtomicBoolean();
    private final NoveltyPersistence persistence;
    private final Consumer<String> warnings;

    /**
     * @param capacity  distinct inputs per generation per model
     * @param fpp       false-positive rate of a generation holding {@code capacity} inputs, in (0, 1)
     * @param maxModels models tracked at most; calls for any other model get a null answer and are counted
     * @param dir       where filters are kept across restarts, or null for nowhere
     * @param hashKey   the {@code predlog.hash.key} bytes, or null: a file written under another key is not used
     */
    public NoveltyFilters(long capacity, double fpp, int maxModels, Path dir, byte[] hashKey) {
        this(capacity, fpp, maxModels, dir, hashKey, Diagnostics::warn);
    }

    /** As above, with the {@code [predlog]} warnings going to {@code warnings} (tests read them). */
    NoveltyFilters(long capacity, double fpp, int maxModels, Path dir, byte[] hashKey, Consumer<String> warnings) {
        this.warnings = warnings;
        this.capacity = capacity;
        this.bits = BloomFilter.bitsFor(capacity, fpp);
        double reached = bits == BloomFilter.MAX_BITS ? BloomFilter.falsePositiveRate((double) bits / capacity) : 0;
        if (reached > fpp) { // only a generation held to the largest size can miss the rate
            warnings.accept("predlog.novelty.fpp=" + fpp + " with predlog.novelty.capacity=" + capacity + " needs more"
                    + " than " + (BloomFilter.MAX_BITS >>> 23) + " MiB per filter generation; held to that, a full"
                    + " generation's false-positive rate is about "
                    + String.format(java.util.Locale.ROOT, "%.3g", reached));
        }
        this.maxModels = maxModels;
        this.persistence = dir == null ? null
                : new NoveltyPersistence(this, dir, NoveltyFile.keyFingerprint(hashKey), warnings);
    }

    /** From the {@code predlog.novelty.*} keys; null when {@code predlog.novelty.enabled} is false. */
    public static NoveltyFilters from(AgentConfig config, byte[] hashKeyOrNull) {
        if (!config.bool(ConfigKeys.NOVELTY_ENABLED)) {
            return null;
        }
        return new NoveltyFilters(config.number(ConfigKeys.NOVELTY_CAPACITY), config.decimal(ConfigKeys.NOVELTY_FPP),
                (int) config.number(ConfigKeys.NOVELTY_MAX_MODELS), config.path(ConfigKeys.NOVELTY_DIR), hashKeyOrNull);
    }

    /**
     * Records {@code hash} as seen by {@code modelId} and says whether it had been seen before, or null when that
     * cannot be said (no hash, or an input of native state that has none). Called on application threads,
     * concurrently; never throws, never blocks, allocates only the first time a model is seen (and at each rotation,
     * once per {@code capacity} distinct inputs).
     */
    public Boolean seenBefore(String modelId, HashResult hash) {
        if (hash == null || hash.opaque()) {
            return null; // no hash, nothing to remember
        }
        return seenBefore(modelId, hash.prefix());
    }

    /** As {@link #seenBefore(String, HashResult)}, for an input hash's first 8 bytes. */
    public Boolean seenBefore(String modelId, long hashPrefix) {
        try {
            ModelNovelty model = model(modelId == null ? NULL_MODEL : modelId);
            return model == null ? null : model.seenBefore(hashPrefix);
        } catch (Throwable t) {
            Diagnostics.failure("novelty", t);
            return null;
        }
    }

    private ModelNovelty model(String modelId) {
        ModelNovelty cached = last;
        if (cached != null && cached.modelId().equals(modelId)) {
            return cached;
        }
        ModelNovelty model = models.get(modelId);
        if (model == null) {
            model = track(modelId);
            if (model == null) {
                return null;
            }
        }
        last = model;
        return model;
    }

    /** The model's filters, created now when there is room for one more model; null (counted) when not. */
    ModelNovelty track(String modelId) {
        ModelNovelty model = models.get(modelId);
        if (model != null) {
            return model;
        }
        if (models.size() >= maxModels) {
            // another thread may have tracked this very model, the last there was room for, since the look-up
            // above; once the count is at the cap no model is added, so this second look-up is the answer
            model = models.get(modelId);
            if (model != null) {
                return model;
            }
            refuse(modelId);
            return null;
        }
        synchronized (models) { // only when a model is first seen: keeps the count exact under races
            model = models.get(modelId);
            if (model == null) {
                if (models.size() >= maxModels) {
                    refuse(modelId);
                    return null;
                }
                model = new ModelNovelty(modelId, capacity, bits);
                models.put(modelId, model);
            }
            return model;
        }
    }

    private void refuse(String modelId) {
        refused.incrementAndGet();
        if (refusalWarned.compareAndSet(false, true)) {
            warnings.accept("novelty: already tracking predlog.novelty.max_models=" + maxModels + " models; model '"
                    + modelId + "' and any further ones get no input_seen_before (raise predlog.novelty.max_models;"
                    + " each model takes " + memoryPerModel() / 1024 + " KiB)");
        }
    }

    /** Starts loading saved filters and saving them periodically (when a directory is configured). */
    public void start() {
        if (persistence != null) {
            persistence.start();
        }
    }

    /** Stops the periodic saving and saves once more (when a directory is configured); for the shutdown hook. */
    public void close() {
        if (persistence != null) {
            persistence.close();
        }
    }

    /** Calls that got no answer because their model was beyond {@code predlog.novelty.max_models}. */
    public long refused() {
        return refused.get();
    }

    /** Models tracked now. */
    public int models() {
        return models.size();
    }

    /** Heap taken by one tracked model: two generations of {@code m} bits. */
    public long memoryPerModel() {
        return 2 * bits / 8;
    }

    /** Bits per generation ({@code m}). */
    public long bits() {
        return bits;
    }

    long capacity() {
        return capacity;
    }

    /** The persistence, or null without a directory. */
    NoveltyPersistence persistence() {
        return persistence;
    }

    List<ModelNovelty> tracked() {
        return new ArrayList<>(models.values());
    }
}
