package io.predlog.agent.sampling;

import io.predlog.agent.config.AgentConfig;
import io.predlog.agent.config.ConfigKeys;
import io.predlog.agent.pipeline.UpstreamCounts;

import java.util.concurrent.atomic.LongAdder;

/**
 * Which prediction and request events are kept (docs/EVENTS.md, "Sampling"). Runs on the application's
 * thread, in two steps, so that a left-out call costs as little as possible:
 * <ol>
 *   <li>{@link #decide} at the call's start: whether its <em>routine</em> events (success, not slow) are kept.
 *       The request is sampled in when {@link SampleKey#of u(request id)} &lt; the target's rate, a pure
 *       function of the id; then the optional {@link RateCap} must admit it. The recorder skips the input's
 *       capture for a call not kept here.</li>
 *   <li>{@link #sampleRate} at its end, when failure and latency are known: a failed call, or one slower
 *       than {@code predlog.sample.slow_ms}, is kept whatever step 1 said ({@code sample_rate} 1.0); a
 *       routine one is kept with the target's rate as its {@code sample_rate}, or left out and counted.</li>
 * </ol>
 * Model loads are never sampled. Thread-safe.
 *
 * <p>The rates, the slow-call threshold and the cap can be changed while the application runs ({@link #update}),
 * and recording switched off and on ({@link #recording}): an operator's edits to the configuration file
 * (docs/CONFIGURATION.md, "Live settings"). Each is one volatile read on the calling thread.
 */
public final class Sampler implements UpstreamCounts {

    /** {@link #decide}: routine events are kept. */
    public static final byte KEPT = 0;
    /** {@link #decide}: routine events are left out by sampling. */
    public static final byte SAMPLED_OUT = 1;
    /** {@link #decide}: routine events are left out by the rate cap. */
    public static final byte SHED = 2;

    private volatile double defaultRate;
    private volatile double slowMs;
    private volatile RateCap cap;
    private volatile boolean recording = true;
    /** Self-protection's share of the routine events that sampling keeps: 1 normally, less under pressure. */
    private volatile double protection = 1.0;
    private final LongAdder sampledOut = new LongAdder();
    private final LongAdder shed = new LongAdder();

    /**
     * @param defaultRate  {@code predlog.sample.success}, for targets without their own
     * @param slowMs       {@code predlog.sample.slow_ms}; 0 keeps no call for being slow
     * @param maxPerSecond {@code predlog.sample.max_per_second}; 0 for no cap
     */
    public Sampler(double defaultRate, double slowMs, long maxPerSecond) {
        if (!(defaultRate >= 0 && defaultRate <= 1)) {
            throw new IllegalArgumentException("rate must be from 0 to 1: " + defaultRate);
        }
        this.defaultRate = defaultRate;
        this.slowMs = slowMs;
        this.cap = maxPerSecond > 0 ? new RateCap(maxPerSecond) : null;
    }

    /** The sampler the configuration asks for. */
    public static Sampler of(AgentConfig config) {
        return new Sampler(config.fraction(ConfigKeys.SAMPLE_SUCCESS), config.number(ConfigKeys.SAMPLE_SLOW_MS),
                config.number(ConfigKeys.SAMPLE_MAX_PER_SECOND));
    }

    /**
     * New settings for the calls that start from now on ({@code predlog.sample.success}, {@code slow_ms},
     * {@code max_per_second}); a call already running keeps its decision.
     */
    public void update(double defaultRate, double slowMs, long maxPerSecond) {
        if (!(defaultRate >= 0 && defaultRate <= 1)) {
            throw new IllegalArgumentException("rate must be from 0 to 1: " + defaultRate);
        }
        this.defaultRate = defaultRate;
        this.slowMs = slowMs;
        RateCap current = cap;
        if (maxPerSecond <= 0) {
            cap = null;
        } else if (current == null || current.perSecond() != maxPerSecond) {
            cap = new RateCap(maxPerSecond);
        }
    }

    /** Whether calls are recorded at all ({@code predlog.enabled} while running): a call that starts while off is not. */
    public boolean recording() {
        return recording;
    }

    /** Switches recording off or on, for the calls that start from now on. */
    public void recording(boolean on) {
        this.recording = on;
    }

    /**
     * Self-protection's share of the routine events sampling keeps, for the calls that start from now on: 1 for all
     * of them, 0 for none (failures and slow calls are still kept). The ones left out are counted as shed, and a kept
     * event's {@code sample_rate} is the rate times the share, so that counts weighted by it stay right.
     */
    public void protect(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be from 0 to 1: " + share);
        }
        this.protection = share;
    }

    /** A sampler that keeps everything. */
    public static Sampler keepAll() {
        return new Sampler(1.0, 0, 0);
    }

    /** {@code predlog.sample.slow_ms} as it is now: a success slower than this is kept whatever; 0 for none. */
    public double slowMs() {
        return slowMs;
    }

    /** The rate of a target: its {@code sample.success} override, or NaN for the default. */
    public double rate(double targetOverride) {
        return targetOverride == targetOverride ? targetOverride : defaultRate; // NaN != NaN
    }

    /**
     * At a call's start: {@link #KEPT}, {@link #SAMPLED_OUT} or {@link #SHED} for its routine events.
     *
     * @param requestId      the call's request id
     * @param targetOverride the target's override, or NaN
     * @param events         how many routine events the call may write (the cap's permits): 1 for a prediction,
     *                       2 for an entry (start and success)
     */
    public byte decide(String requestId, double targetOverride, int events) {
        double rate = rate(targetOverride);
        double share = protection;
        return rate < 1.0 || share < 1.0 ? byKey(SampleKey.of(requestId), rate, share, events) : capped(events);
    }

    /**
     * As {@link #decide(String, double, int)}, for a generated request id held as two numbers
     * ({@code context.RequestIds#text(long, long)}): the same decision as from its text, without making it.
     */
    public byte decide(long idHigh, long idLow, double targetOverride, int events) {
        double rate = rate(targetOverride);
        double share = protection;
        return rate < 1.0 || share < 1.0 ? byKey(SampleKey.of(idHigh, idLow), rate, share, events) : capped(events);
    }

    /** Where the id's key puts the call: left out by sampling, shed by self-protection, else as the cap allows. */
    private byte byKey(double key, double rate, double share, int events) {
        if (!(key < rate)) {
            return SAMPLED_OUT;
        }
        if (!(key < rate * share)) {
            return SHED; // kept by sampling, left out by self-protection
        }
        return capped(events);
    }

    private byte capped(int events) {
        RateCap cap = this.cap;
        if (cap != null && !cap.tryAcquire(events)) {
            return SHED;
        }
        return KEPT;
    }

    /**
     * At a call's end: the {@code sample_rate} to write, or NaN when the event is left out (then counted).
     *
     * @param decision       what {@link #decide} said at the call's start
     * @param targetOverride the target's override, or NaN
     * @param failed         the call threw
     * @param latencyMs      how long it took
     */
    public double sampleRate(byte decision, double targetOverride, boolean failed, double latencyMs) {
        if (failed || (slowMs > 0 && latencyMs > slowMs)) {
            return 1.0;
        }
        return routine(decision, targetOverride);
    }

    /** For an event written at the call's start ({@code request_start}): its {@code sample_rate}, or NaN (counted). */
    public double startRate(byte decision, double targetOverride) {
        return routine(decision, targetOverride);
    }

    private double routine(byte decision, double targetOverride) {
        if (decision == KEPT) {
            // the share in effect now; a call kept before self-protection left every routine event out (share 0)
            // ends with the rate it was kept at, never with a sample_rate of 0
            double share = protection;
            return share > 0 ? rate(targetOverride) * share : rate(targetOverride);
        }
        (decision == SHED ? shed : sampledOut).increment();
        return Double.NaN;
    }

    @Override
    public long sampledOut() {
        return sampledOut.sum();
    }

    @Override
    public long shed() {
        return shed.sum();
    }
}
