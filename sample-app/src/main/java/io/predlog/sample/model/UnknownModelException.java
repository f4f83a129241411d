package io.predlog.sample.model;

/** No such model name, or no such version of it; the HTTP API answers 404. */
public class UnknownModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownModelException(String message) {
        super(message);
    }
}
