package io.predlog.agent.capture;

/**
 * What is kept of a call's output: its hash ({@code output_hash}), its characteristics (the event's {@code output},
 * null when outputs are hashed only: {@code predlog.output.enabled=false}) and its features (named
 * {@code output…}).
 */
public final class CapturedOutput extends Captured<Characteristics> {

    /** An empty holder, for {@link InputCapture} to fill. */
    public CapturedOutput() {
    }

    /** A capture; {@code features} is {@link Features#NONE} when not gathered. */
    public CapturedOutput(HashResult hash, Characteristics characteristics, Features features) {
        set(hash, characteristics, features);
    }
}
