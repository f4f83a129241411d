package io.predlog.agent.capture;

/**
 * A byte bound lower than {@code predlog.hash.max_bytes} that can be set while running: self-protection hashes
 * large inputs only up to it under pressure (docs/SAFETY.md, "Self-protection"). Read once per hashed value.
 */
public final class ByteCap {

    private volatile long bytes = Long.MAX_VALUE;

    /** The bound in effect: {@link Long#MAX_VALUE} when none is set. */
    long bytes() {
        return bytes;
    }

    /** Sets the bound ({@link Long#MAX_VALUE}: none) for the values hashed from now on. */
    public void set(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("byte cap must be at least 1: " + bytes);
        }
        this.bytes = bytes;
    }
}
