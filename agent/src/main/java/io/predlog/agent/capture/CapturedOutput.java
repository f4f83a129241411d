package io.predlog.agent.capture;

/**
 * What is kept of a call's output: its hash ({@code output_hash}), its characteristics (the event's {@code output},
 * null when outputs are hashed only: {@code predlog.output.enabled=false}) and its features (named
 * {@code output…}). An output that is a {@code double} or a {@code float} (returned as a primitive or boxed) is kept
 * as its number and {@link #numberType()}, without an object for its characteristics: {@link #characteristics()}
 * makes the same ones as for its box when asked.
 */
public final class CapturedOutput extends Captured<Characteristics> {

    /** {@link #numberType()}: the output is not kept as a number; its characteristics are an object. */
    public static final int NO_NUMBER = 0;
    /** {@link #numberType()}: a {@code double} ({@code "type":"java.lang.Double"}, with its {@code value}). */
    public static final int DOUBLE_NUMBER = 1;
    /** {@link #numberType()}: a {@code float}, kept widened ({@code "type":"java.lang.Float"}, with its value). */
    public static final int FLOAT_NUMBER = 2;
    /** {@link #numberType()}: a {@code double} whose value is not written ({@code predlog.output.values=false}). */
    public static final int DOUBLE_TYPE_ONLY = 3;
    /** {@link #numberType()}: a {@code float} whose value is not written. */
    public static final int FLOAT_TYPE_ONLY = 4;

    private int numberType;
    private double number;
    private boolean hashAtEncoding;

    /** An empty holder, for {@link InputCapture} to fill. */
    public CapturedOutput() {
    }

    /** A capture; {@code features} is {@link Features#NONE} when not gathered. */
    public CapturedOutput(HashResult hash, Characteristics characteristics, Features features) {
        set(hash, characteristics, features);
    }

    /** The output is kept as {@code value}, of {@code type} (not {@link #NO_NUMBER}), with these features. */
    void number(double value, int type, Features features) {
        rest(null, features);
        this.number = value;
        this.numberType = type;
        this.hashAtEncoding = false;
    }

    /**
     * As {@link #number}, with the hash left to the event's encoder ({@link NumberHash}): {@link #hashBits()} says
     * there is one, and {@link #hashPrefix()} is not it.
     */
    void numberHashedAtEncoding(double value, int type, Features features) {
        hash(0, -1, HashResult.PRESENT, null);
        number(value, type, features);
        this.hashAtEncoding = true;
    }

    /** The output's characteristics are an object, or none. */
    void notNumber() {
        this.number = 0;
        this.numberType = NO_NUMBER;
        this.hashAtEncoding = false;
    }

    /** Whether the output's hash is left to the encoder of its event, which hashes {@link #number()} there. */
    public boolean hashedAtEncoding() {
        return hashAtEncoding;
    }

    /** How the output is kept as a number, or {@link #NO_NUMBER}. */
    public int numberType() {
        return numberType;
    }

    /** The output's value when {@link #numberType()} is not {@link #NO_NUMBER} (a {@code float} widened). */
    public double number() {
        return number;
    }

    /** As kept, or for an output kept as a number, made for this use: those the capture of its box makes. */
    @Override
    public Characteristics characteristics() {
        return numberType == NO_NUMBER ? super.characteristics() : numberCharacteristics(numberType, number);
    }

    /** The characteristics of an output kept as {@code value} of {@code type}: its box's. */
    public static Characteristics numberCharacteristics(int type, double value) {
        return Characteristics.number(type == DOUBLE_NUMBER || type == DOUBLE_TYPE_ONLY,
                type == DOUBLE_NUMBER || type == FLOAT_NUMBER, value);
    }

    @Override
    public void clear() {
        super.clear();
        notNumber();
    }
}
