package io.predlog.agent.capture;

import io.predlog.agent.diagnostics.Diagnostics;
import java.util.Arrays;

/**
 * Gathers one call's {@link Features} while {@link CanonicalWalker} walks its input: the walker reports every
 * value it reaches, this decides what they are as features and writes them into storage the thread reuses (see
 * {@link Features}), lent to the capture's holder at {@link #build}. Reads values only as the walker does (JDK
 * numbers, {@code CharSequence.length}, primitive arrays); never throws for odd input. Not thread-safe: one per
 * thread, like the walker.
 *
 * <p>A feature is a value at a feature position: a top-level field, or the top-level value itself. The walker
 * {@link #arm arms} the position before walking its value and says when it was {@link #walked walked}
 * completely; the first thing reported in between decides what the value is: a scalar (a number, a string, a
 * boolean, null: one feature, taken at once), a collection or object array (its numbers are sampled while it is
 * walked; not a feature once anything but a number or an array of them is met), a nesting of a numeric
 * primitive array (sampled directly from the array once walked), or anything else (not a feature). An
 * {@code Optional} is its content, once.
 */
final class FeatureGatherer {

    /** The position's state: nothing pending. */
    private static final int IDLE = 0;
    /** Armed: the next value reported is the position's value. */
    private static final int ARMED = 1;
    /** A collection or object array whose numbers are being sampled. */
    private static final int SAMPLING = 2;
    /** Was sampling, and met something that is not a number: not a feature. */
    private static final int SPOILED = 3;
    /** A nesting of a numeric primitive array ({@link #nesting}), sampled once walked. */
    private static final int NESTING = 4;

    /** Storage grown past this many features (one call's) is not kept for later calls. */
    private static final int RETAINED = 1024;
    /** New storage holds at most this many features at first (more grow it): a pool of it stays small. */
    private static final int PRESIZED = 64;
    /**
     * At most this many of the thread's {@link Features} are kept for reuse (and fewer when all threads' pools
     * together reach their {@link FeatureBudget}); while all of them are still held (the statistics thread far
     * behind), a call's features are stored anew.
     */
    static final int POOL = 2048;

    private final int maxFeatures;
    private final FeatureNames naming = new FeatureNames();
    /** The storages all threads keep together, and this thread's share of them. */
    private final FeatureBudget budget;
    private final FeatureBudget.Share share;

    /**
     * The thread's reusable storage, {@link #pooled} of them, taken in turn: the statistics thread releases them in
     * the order they were lent, so the next in turn is the one most likely to be free again.
     */
    private Features[] pool = new Features[4];
    private int pooled;
    private int next;
    /**
     * The pool's places of the last two storages taken (a call's input and its output), or -1: a holder that does not
     * keep a call's features (the statistics' queue is full) releases them at once, on this thread, and the next
     * call takes them again rather than new storage while the one in turn is still held.
     */
    private int lastTaken = -1;
    private int takenBefore = -1;
    /** The call's features being gathered (taken at {@link #start}, lent at {@link #build}), or null. */
    private Features current;
    /**
     * The most features one of the thread's gatherings has had, up to {@link #PRESIZED}: new storage is made to hold
     * that many, so that storage made for an output's one feature does not grow, copying its arrays, when an input's
     * eighteen are written into it.
     */
    private int largestSize = 8;
    private int arg;

    // the feature position being walked
    private int state = IDLE;
    private String field;
    private boolean unwrapped;
    private Object nesting;

    /** The sample of the array being walked (SAMPLING). */
    private final ElementSample sample;

    FeatureGatherer(FeatureSettings settings) {
        this.maxFeatures = settings.maxFeatures();
        this.sample = new ElementSample(settings.maxElements());
        this.budget = settings.budget();
        this.share = budget.join(this);
    }

    /** Before a call: no features yet. */
    void start() {
        Features c = current;
        if (c == null) {
            current = take();
        } else {
            c.reset(); // the last call gathered none, or its walk was cut short
        }
    }

    /**
     * Before each argument's walk: {@code -1} when the value is the call's only one, else its position;
     * {@link FeatureNames#OUTPUT} before the output's.
     */
    void argument(int position) {
        arg = position;
    }

    /** The cap is reached (or no call {@link #start started}): no more features this call. */
    boolean full() {
        Features c = current;
        return c == null || c.size() >= maxFeatures;
    }

    // ---- the feature position. field: a top-level field's name, or null for the top-level value itself

    /** The value of {@code field} is walked next. */
    void arm(String field) {
        if (!full()) {
            this.state = ARMED;
            this.field = field;
            this.unwrapped = false;
        }
    }

    /** The value armed for {@code field} was walked completely: an array's sample becomes its feature. */
    void walked(String field) {
        try {
            if (state == SAMPLING) {
                endSample(field);
            } else if (state == NESTING) {
                primitive(field, nesting);
            }
        } catch (RuntimeException e) {
            // a feature that cannot be taken (a row shrunk by another thread) is left out; the hash is unaffected
            Diagnostics.failure("capture.features", e);
        }
        disarm();
    }

    /** Nothing pending: after a position, or a walk cut short. */
    void disarm() {
        state = IDLE;
        nesting = null;
    }

    /** An {@code Optional} is walked as its content; an {@code Optional} within an {@code Optional} is not a feature. */
    void unwrapped() {
        if (state == ARMED) {
            if (unwrapped) {
                state = IDLE;
            }
            unwrapped = true;
        }
    }

    void nullValue() {
        if (state == ARMED) {
            state = IDLE;
            add(field, Features.NULL, 0, null);
        } else {
            notNumber();
        }
    }

    void bool(boolean b) {
        if (state == ARMED) {
            state = IDLE;
            add(field, Features.BOOLEAN, b ? 1 : 0, null);
        } else {
            notNumber();
        }
    }

    /** A string: the String itself is kept (never copied), another CharSequence by its length only. */
    void text(CharSequence s) {
        if (state != ARMED) {
            notNumber();
            return;
        }
        state = IDLE;
        if (s instanceof String str) {
            add(field, Features.TEXT, str.length(), str);
            return;
        }
        int length;
        try {
            length = s.length();
        } catch (RuntimeException e) {
            return; // the application's CharSequence failed after it was hashed: no feature
        }
        add(field, Features.TEXT, length, null);
    }

    void enumName(String name) {
        if (state == ARMED) {
            state = IDLE;
            add(field, Features.TEXT, name.length(), name);
        } else {
            notNumber();
        }
    }

    void number(double d) {
        if (state == ARMED) {
            state = IDLE;
            add(field, Features.NUMBER, d, null);
        } else if (state == SAMPLING) {
            sample(d);
        }
    }

    void integral(long v) {
        number((double) v);
    }

    /** Something that is neither a number nor an array: not a feature; spoils the array being sampled. */
    void notNumber() {
        if (state == ARMED) {
            state = IDLE;
        } else if (state == SAMPLING) {
            state = SPOILED;
        }
    }

    /** A collection or object array entered. At the position: sampled, or a nesting of a primitive array. */
    void array(Object container) {
        if (state != ARMED) {
            return;
        }
        Class<?> base = container.getClass();
        while (base.isArray()) {
            base = base.getComponentType();
        }
        if (!base.isPrimitive()) {
            state = SAMPLING;
            beginSample();
        } else if (base == boolean.class || base == char.class) {
            state = IDLE;
        } else {
            numericNesting(container);
        }
    }

    /** A numeric primitive array nested in JSON: at the position, the value; within a sampled array, its numbers. */
    void numericArray(Object array, int length) {
        if (state == ARMED) {
            numericNesting(array);
        } else if (state == SAMPLING) {
            sampleAll(array, length);
        }
    }

    /** A nesting of a numeric primitive array (a tensor, a {@code float[]} field): sampled once walked. */
    void numericNesting(Object array) {
        if (state == ARMED) {
            state = NESTING;
            nesting = array;
        }
    }

    void number(String field, double value) {
        if (!full()) {
            add(field, Features.NUMBER, value, null);
        }
    }

    void bool(String field, boolean value) {
        if (!full()) {
            add(field, Features.BOOLEAN, value ? 1 : 0, null);
        }
    }

    /** A feature the capture derived from the value (an output vector's {@code max(output)}), by its full name. */
    void derived(String name, double value) {
        if (!full()) {
            current.add(name, Features.NUMBER, value, null);
        }
    }

    /** A categorical feature the capture derived, by its full name: {@code text} is never an application string. */
    void derivedCategory(String name, String text) {
        if (!full()) {
            current.add(name, Features.TEXT, text.length(), text);
        }
    }

    // ---- arrays

    private void beginSample() {
        sample.begin();
    }

    private void sample(double d) {
        sample.add(d);
    }

    private void sampleAll(Object array, int length) {
        sample.addAll(array, length);
    }

    private void endSample(String field) {
        if (!full()) {
            current.add(naming.name(field, arg, true), Features.ELEMENTS, sample.seen(), sample.elements());
        }
    }

    /** A nesting of a numeric primitive array, sampled directly once walked. */
    private void primitive(String field, Object array) {
        if (full()) {
            return;
        }
        long total = ElementSample.count(array);
        if (total < 0) {
            return; // a null row: not an array of numbers
        }
        current.add(naming.name(field, arg, true), Features.ELEMENTS, total, sample.of(array, total));
    }

    // ---- storage

    private void add(String field, byte kind, double number, Object object) {
        current.add(naming.name(field, arg, false), kind, number, object);
    }

    /**
     * This call's features, lent to the caller until it {@linkplain Features#release releases} them; the thread
     * writes into other storage meanwhile. {@link Features#NONE} when there are none.
     */
    Features build() {
        Features f = current;
        if (f == null || f.size() == 0) {
            return Features.NONE;
        }
        f.lend();
        current = null;
        if (f.size() > largestSize) {
            largestSize = Math.min(f.size(), PRESIZED);
        }
        if (f.capacity() > RETAINED) {
            forget(f);
        }
        return f;
    }

    /**
     * Storage for the next call: the next in turn if its holder released it, else one of the two this thread took
     * last if released since, else new (kept while under the cap).
     */
    private Features take() {
        int n = pooled;
        if (n > 0) {
            int i = next;
            if (!pool[i].lent()) {
                next = i + 1 == n ? 0 : i + 1;
                return taken(i);
            }
        }
        return takeWhileHeld(n);
    }

    /**
     * {@link #take} when the one in turn is still held (the statistics thread is behind) or the pool is empty: kept
     * out of {@code take}, which every call runs, so that the compiler inlines that as small as it was. Before the
     * pool grows, the two this thread took last are tried: a call that the statistics' queue could not take gave its
     * features back at once, and a thread whose calls that queue refuses reuses the same storage rather than making
     * new storage for every call while the one in turn is held.
     */
    private Features takeWhileHeld(int n) {
        if (n > 0) {
            if (lastTaken >= 0 && !pool[lastTaken].lent()) {
                return taken(lastTaken);
            }
            if (takenBefore >= 0 && !pool[takenBefore].lent()) {
                return taken(takenBefore);
            }
            if (n == POOL || !budget.grow(share)) {
                // all held, or all threads' pools at their budget: the one in turn leaves the pool
                int i = next;
                pool[i] = new Features(largestSize);
                next = i + 1 == n ? 0 : i + 1;
                return taken(i);
            }
            // the pool grows; the one in turn is tried again next time
        } else if (!budget.grow(share)) {
            return new Features(largestSize); // all threads' pools at their budget: not kept
        }
        if (n == pool.length) {
            pool = Arrays.copyOf(pool, Math.min(POOL, n * 2));
        }
        pool[n] = new Features(largestSize);
        pooled = n + 1;
        return taken(n);
    }

    /** The storage at place {@code i}, remembered as the last taken. */
    private Features taken(int i) {
        if (i != lastTaken) {
            takenBefore = lastTaken;
            lastTaken = i;
        }
        return pool[i];
    }

    /** Takes storage that grew large out of the pool, so that the thread does not keep it. */
    private void forget(Features f) {
        for (int i = 0; i < pooled; i++) {
            if (pool[i] == f) {
                pool[i] = new Features(8);
                return;
            }
        }
    }
}
