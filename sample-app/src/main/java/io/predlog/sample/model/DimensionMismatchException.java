package io.predlog.sample.model;

/** A vector input whose length is not the model's dimension. */
public class DimensionMismatchException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public DimensionMismatchException(String message) {
        super(message);
    }
}
