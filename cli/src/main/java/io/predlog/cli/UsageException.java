package io.predlog.cli;

/** A command line that parsed but asks for something impossible; its message says what to type instead. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
