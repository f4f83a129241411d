package io.predlog.sample.model;

/** A tabular input lacks a feature the model needs. */
public class MissingFeatureException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public MissingFeatureException(String message) {
        super(message);
    }
}
