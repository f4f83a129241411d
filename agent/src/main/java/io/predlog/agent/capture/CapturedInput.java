package io.predlog.agent.capture;

import java.util.Map;

/**
 * What is kept of a call's input: its hash and its structural characteristics (the event's {@code input}: nested
 * maps, lists, strings, numbers and booleans only, ready to be written as JSON in iteration order), computed together
 * on the application's thread before the model can mutate the input, and the {@link Features} that statistics need.
 */
public final class CapturedInput extends Captured<Map<String, Object>> {

    /** An empty holder, for {@link InputCapture} to fill. */
    public CapturedInput() {
    }

    /** A capture; {@code features} is {@link Features#NONE} when not gathered. */
    public CapturedInput(HashResult hash, Map<String, Object> characteristics, Features features) {
        set(hash, characteristics, features);
    }

    /** A capture without features. */
    public CapturedInput(HashResult hash, Map<String, Object> characteristics) {
        this(hash, characteristics, Features.NONE);
    }
}
