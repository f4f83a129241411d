package io.predlog.agent.capture;

/**
 * How a call's output is captured ({@code predlog.output.*}, docs/HASHING.md): hashed always; characterised (the
 * event's {@code output}, and the output's {@link Features} when statistics are on) unless turned off.
 *
 * @param characterise {@code predlog.output.enabled}: characteristics and features besides the hash
 * @param values       {@code predlog.output.values}: top-level numeric field values in {@code output.values}
 */
public record OutputSettings(boolean characterise, boolean values) {

    /** Characterised, with values: the defaults. */
    public static final OutputSettings DEFAULTS = new OutputSettings(true, true);

    /** Hashed only. */
    public static final OutputSettings HASH_ONLY = new OutputSettings(false, false);
}
