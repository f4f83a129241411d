package io.predlog.cli;

/** No event could be read from the paths given: the command has nothing to answer from (exit 1). */
public final class NothingReadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NothingReadException(String message) {
        super(message);
    }
}
