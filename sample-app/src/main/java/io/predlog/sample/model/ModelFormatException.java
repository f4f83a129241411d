package io.predlog.sample.model;

/** A model file that cannot be parsed; loading it fails and the active version stays. */
public class ModelFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }
}
