package io.predlog.agent.record;

/**
 * A constructor of a load target in progress on a thread, linked to the one it runs inside. Constructors are
 * followed this way rather than by their advice alone because advice cannot see a constructor throw: the
 * instrumentation tells the recorder when a constructor's {@code super(…)} call has returned ({@link #initialised})
 * and when an exception leaves its body, and an exception that reaches a constructor still in its
 * {@code super(…)} call necessarily leaves that constructor too.
 */
final class OpenConstructor {
    /** The recorded load; null for a constructor nested in one of the same target (part of the outer load). */
    final LoadCalls.LoadScope scope;
    /** The target's index. */
    final int target;
    /** {@code fully.qualified.Class#<init>} of the constructor. */
    final String method;
    /** The constructor this one runs inside, or null. */
    final OpenConstructor outer;
    /** Its {@code super(…)} or {@code this(…)} call has returned: the constructor may catch what its body throws. */
    boolean initialised;
    /** Its load was recorded as ended (failed) before its exit advice ran. */
    boolean finished;

    OpenConstructor(LoadCalls.LoadScope scope, int target, String method, OpenConstructor outer) {
        this.scope = scope;
        this.target = target;
        this.method = method;
        this.outer = outer;
    }

    /** Whether this constructor or one it runs inside belongs to {@code target}. */
    boolean within(int target) {
        for (OpenConstructor c = this; c != null; c = c.outer) {
            if (c.target == target) {
                return true;
            }
        }
        return false;
    }
}
