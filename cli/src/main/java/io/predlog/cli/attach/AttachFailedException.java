package io.predlog.cli.attach;

/** The JVM was reached but did not load the agent (exit 1); the message says where to look. */
public final class AttachFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AttachFailedException(String message) {
        super(message);
    }
}
