package io.predlog.agent;

import io.predlog.agent.capture.ByteCap;
import io.predlog.agent.config.AgentConfig;
import io.predlog.agent.config.ConfigKeys;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.event.DerivedEvent;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.Level;
import io.predlog.agent.pipeline.EventPipeline;
import io.predlog.agent.sampling.Sampler;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Self-protection (docs/SAFETY.md, "Self-protection"): once a second, on the daemon thread
 * {@code predlog-protection}, the agent looks at two kinds of pressure, events dropped because the queue was full
 * and the heap's old generation still full after a collection, and sheds its own work in steps while pressure
 * lasts ({@code predlog.protect.up_s} seconds in a row per step), undoing one step after
 * {@code predlog.protect.down_s} seconds without pressure:
 * <ol>
 *   <li>{@code big_inputs}: values are hashed up to {@link #SMALL_BYTES} bytes (flagged truncated);</li>
 *   <li>{@code sampled}: also, routine events are kept at a tenth of the configured rate;</li>
 *   <li>{@code errors_only}: routine events are all left out; failures and slow calls are still recorded.</li>
 * </ol>
 * Left-out events are counted as {@code events_shed}, so {@code agent_health} still adds up, and a kept event's
 * {@code sample_rate} says at what rate it was kept. Each step is an {@code agent_protection} event and a
 * {@code [predlog]} line.
 */
final class SelfProtection implements Capability {

    static final String THREAD_NAME = "predlog-protection";
    static final String EVENT = "agent_protection";
    /** The byte bound of step 1. */
    static final long SMALL_BYTES = 64 * 1024;
    /** The share of routine events kept at step 2. */
    static final double SAMPLED_SHARE = 0.1;
    /** A second counts as one of pressure when more than this share of the events offered in it was dropped. */
    static final double DROP_SHARE = 0.01;
    static final List<String> STEPS = List.of("normal", "big_inputs", "sampled", "errors_only");

    /** What is looked at each second. */
    record Reading(long offered, long queueFull, double heapAfterGc) {
    }

    private final Supplier<Reading> readings;
    private final ByteCap byteCap;
    private final Sampler sampler;
    private final Consumer<Event> events;
    private final double heapLevel;
    private final int upSeconds;
    private final int downSeconds;
    private Reading last;
    private int step;
    private int pressured;
    private int calm;
    private final EverySecond ticker;

    SelfProtection(Supplier<Reading> readings, ByteCap byteCap, Sampler sampler, Consumer<Event> events,
                   double heapLevel, int upSeconds, int downSeconds) {
        this(readings, readings, byteCap, sampler, events, heapLevel, upSeconds, downSeconds);
    }

    /**
     * @param baseline the first reading, taken as the thread starts: only its counts are used (a second's drops are
     *                 the difference from the reading before), so it need not read the heap
     */
    SelfProtection(Supplier<Reading> readings, Supplier<Reading> baseline, ByteCap byteCap, Sampler sampler,
                   Consumer<Event> events, double heapLevel, int upSeconds, int downSeconds) {
        this.readings = readings;
        this.byteCap = byteCap;
        this.sampler = sampler;
        this.events = events;
        this.heapLevel = heapLevel;
        this.upSeconds = upSeconds;
        this.downSeconds = downSeconds;
        this.ticker = new EverySecond(THREAD_NAME, "protection", () -> last = baseline.get(), this::tick);
    }

    /** Self-protection with the configuration's settings, reading the pipeline's counts and the JVM's heap. */
    static SelfProtection of(AgentConfig config, EventPipeline pipeline, ByteCap byteCap, Sampler sampler) {
        // the heap from the first second on: the JVM's management beans it is read through cost tens of milliseconds
        // of CPU to set up, which a process's start (and a short-lived process's whole life) does without
        return new SelfProtection(() -> reading(pipeline, oldGenAfterGc()), () -> reading(pipeline, 0), byteCap,
                sampler, pipeline::offerOwn, config.number(ConfigKeys.PROTECT_HEAP_PCT) / 100.0,
                (int) config.number(ConfigKeys.PROTECT_UP_S), (int) config.number(ConfigKeys.PROTECT_DOWN_S));
    }

    private static Reading reading(EventPipeline pipeline, double heapAfterGc) {
        EventPipeline.Snapshot counts = pipeline.snapshot(); // offers and drops from one reading
        return new Reading(counts.offered(), counts.drops().queueFull(), heapAfterGc);
    }

    @Override
    public String name() {
        return "protection";
    }

    @Override
    public void start() {
        ticker.start();
    }

    @Override
    public void beforeDrain(long budgetMillis) {
        ticker.stop();
    }


    /** The step in effect: 0 normal, up to 3. */
    int step() {
        return step;
    }

    /** One second's look: steps up after {@code upSeconds} of pressure in a row, down after {@code downSeconds} without. */
    void tick() {
        Reading now = readings.get();
        Reading before = last == null ? now : last;
        last = now;
        long offered = now.offered() - before.offered();
        long dropped = now.queueFull() - before.queueFull();
        String reason = null;
        if (dropped > 0 && dropped > DROP_SHARE * Math.max(1, offered)) {
            reason = String.format(Locale.ROOT, "%d of %d events dropped for a full queue in the last second",
                    dropped, offered);
        } else if (now.heapAfterGc() >= heapLevel) {
            reason = String.format(Locale.ROOT, "the heap's old generation %.0f %% full after a collection "
                    + "(predlog.protect.heap_pct=%.0f)", 100 * now.heapAfterGc(), 100 * heapLevel);
        }
        if (reason != null) {
            calm = 0;
            if (++pressured >= upSeconds && step < STEPS.size() - 1) {
                pressured = 0;
                go(step + 1, reason);
            }
        } else {
            pressured = 0;
            if (step > 0 && ++calm >= downSeconds) {
                calm = 0;
                go(step - 1, "no pressure for " + downSeconds + " s");
            }
        }
    }

    private void go(int next, String reason) {
        boolean up = next > step;
        step = next;
        byteCap.set(step >= 1 ? SMALL_BYTES : Long.MAX_VALUE);
        sampler.protect(step >= 3 ? 0.0 : step == 2 ? SAMPLED_SHARE : 1.0);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("step", step);
        fields.put("step_name", STEPS.get(step));
        fields.put("direction", up ? "up" : "down");
        fields.put("reason", reason);
        events.accept(new DerivedEvent(EVENT, up ? Level.WARN : Level.INFO, System.currentTimeMillis(),
                Thread.currentThread().getName(), fields));
        String line = "self-protection: step " + step + " (" + STEPS.get(step) + ")" + (up ? ", up: " : ", down: ")
                + reason;
        if (up) {
            Diagnostics.warn(line);
        } else {
            Diagnostics.info(line);
        }
    }

    /**
     * The old generation's occupancy after its last collection, as a share of its maximum (0 when the JVM does not
     * say): the heap pools that have a collection usage and are not where new objects are made.
     */
    static double oldGenAfterGc() {
        double worst = 0;
        for (MemoryPoolMXBean pool : OldGenPools.POOLS) {
            MemoryUsage after = pool.getCollectionUsage();
            if (after == null) {
                continue;
            }
            long max = after.getMax() > 0 ? after.getMax() : Runtime.getRuntime().maxMemory();
            worst = Math.max(worst, (double) after.getUsed() / max);
        }
        return worst;
    }

    /** The heap pools {@link #oldGenAfterGc} reads, found once: a JVM's memory pools do not change while it runs. */
    private static final class OldGenPools {
        static final List<MemoryPoolMXBean> POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported())
                .filter(pool -> {
                    String name = pool.getName().toLowerCase(Locale.ROOT);
                    return !(name.contains("eden") || name.contains("survivor") || name.contains("young"));
                })
                .toList();
    }
}
