package io.predlog.sample.model;

/** An input that a model cannot score (wrong type, bad value); the HTTP API answers 422. */
public class InvalidInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }
}
