package io.predlog.agent.bootstrap;

/**
 * What the woven advice hands each instrumented call to. Implemented by the agent's recorder, which lives in
 * the agent's isolated class loader; this interface is served by the bootstrap class loader so that advice
 * woven into any application class can see it.
 */
public interface CallRecorder {

    /**
     * Called before the instrumented method body runs.
     *
     * @param targetId index of the configured target whose advice was woven
     * @param method   {@code fully.qualified.Class#method} of the method that runs
     * @param self     {@code this}, or null for static methods and constructors
     * @param args     the call's arguments
     * @return a scope handed back to {@link #exit}, or null to record nothing for this call
     */
    Object enter(int targetId, String method, Object self, Object[] args);

    /**
     * As {@link #enter}, for a method with one parameter: its argument on its own, so that the woven method
     * allocates no argument array. The recorder treats it as {@code enter(targetId, method, self, {arg})}.
     */
    Object enterOne(int targetId, String method, Object self, Object arg);

    /**
     * Called when the instrumented method returns or throws.
     *
     * @param scope    what {@link #enter} returned (never null here)
     * @param self     {@code this}: for constructors, the new object
     * @param returned the returned value (boxed), or null for void methods and on exceptions
     * @param thrown   the exception the method is throwing, or null
     */
    void exit(Object scope, Object self, Object returned, Throwable thrown);

    /**
     * As {@link #exit}, for a method that returns a {@code double}, or when {@code single} a {@code float} (widened
     * exactly to {@code returned}): the value as it is, so that the woven method boxes nothing. A recorder that has no
     * use for the number as such treats it as {@code exit} with its box.
     */
    default void exitNumber(Object scope, Object self, double returned, boolean single, Throwable thrown) {
        exit(scope, self, thrown != null ? null : single ? (Object) (float) returned : (Object) returned, thrown);
    }

    /**
     * Called in an instrumented constructor right after its {@code super(…)} or {@code this(…)} call returned.
     *
     * @param method {@code fully.qualified.Class#<init>} of the constructor
     */
    void constructorInitialised(String method);

    /**
     * Called when an exception is leaving an instrumented constructor after its {@code super(…)} or
     * {@code this(…)} call, just before it is rethrown unchanged.
     *
     * @param thrown the exception
     * @param method {@code fully.qualified.Class#<init>} of the constructor
     * @param named  the constructor is a target's own; false for a superclass constructor a target's calls
     */
    void constructorThrew(Throwable thrown, String method, boolean named);

    /**
     * Called when a {@code java.util.concurrent.FutureTask} completes (set, failed or cancelled), so that a
     * call that returned it can be recorded at completion.
     */
    void futureDone(Object future);
}
