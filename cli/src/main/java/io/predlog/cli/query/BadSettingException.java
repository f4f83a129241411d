package io.predlog.cli.query;

/** A setting from the environment that cannot be used; its message names it and says what to give instead. */
public final class BadSettingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadSettingException(String message) {
        super(message);
    }
}
