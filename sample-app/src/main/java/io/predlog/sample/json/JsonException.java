package io.predlog.sample.json;

/** Thrown by {@link Json#parse} for text that is not valid JSON; the message names the offset. */
public final class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JsonException(String message) {
        super(message);
    }
}
