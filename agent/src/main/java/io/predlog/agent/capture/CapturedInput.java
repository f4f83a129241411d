package io.predlog.agent.capture;

import java.util.Map;

/**
 * What is kept of a call's input: its hash and its structural characteristics (the event's {@code input}),
 * computed together on the application's thread before the model can mutate the input, and the
 * {@link Features} that statistics need.
 *
 * @param hash            the canonical hash
 * @param characteristics the {@code input} object of the event: nested maps, lists, strings, numbers and
 *                        booleans only, ready to be written as JSON in iteration order
 * @param features        the input's features for statistics, {@link Features#NONE} when not gathered
 */
public record CapturedInput(HashResult hash, Map<String, Object> characteristics, Features features) {

    /** A capture without features. */
    public CapturedInput(HashResult hash, Map<String, Object> characteristics) {
        this(hash, characteristics, Features.NONE);
    }
}
