package io.predlog.agent.capture;

/**
 * How a call's output is captured ({@code predlog.output.*}, docs/HASHING.md): hashed always; characterised (the
 * event's {@code output}, and the output's {@link Features} when statistics are on) unless turned off.
 *
 * @param characterise         {@code predlog.output.enabled}: characteristics and features besides the hash
 * @param values               {@code predlog.output.values}: top-level numeric field values in {@code output.values}
 * @param numberHashAtEncoding an output that is a {@code double} or a {@code float}, kept as its number, is hashed by
 *                             the encoder of its event ({@link NumberHash}), not by the capture: only where every
 *                             encoder of the capture's events has a {@link NumberHash} of the same settings
 */
public record OutputSettings(boolean characterise, boolean values, boolean numberHashAtEncoding) {

    /** Characterised, with values: the defaults. */
    public static final OutputSettings DEFAULTS = new OutputSettings(true, true);

    /** Hashed only. */
    public static final OutputSettings HASH_ONLY = new OutputSettings(false, false);

    /** Every hash made by the capture. */
    public OutputSettings(boolean characterise, boolean values) {
        this(characterise, values, false);
    }

    /** These settings, with a number's hash left to the encoder. */
    public OutputSettings withNumberHashAtEncoding() {
        return new OutputSettings(characterise, values, true);
    }
}
