package io.predlog.agent.context;

/**
 * The request that the current thread is working on. One instance per thread, reused for the thread's life:
 * opening and closing a request costs no allocation beyond the id.
 *
 * <p>The first call to open a scope on a thread with no request starts one ("owns" it); nested calls share
 * its id; the owner's close ends it, so a pooled thread carries no id into its next task.
 */
public final class RequestContext {

    private static final ThreadLocal<RequestContext> CURRENT = ThreadLocal.withInitial(RequestContext::new);

    private String requestId;
    private Object openConstructors;

    private RequestContext() {
    }

    /** The calling thread's context. */
    public static RequestContext current() {
        return CURRENT.get();
    }

    /** The id of the request in progress on this thread, or null. */
    public String requestId() {
        return requestId;
    }

    /** Whether a request is in progress on this thread. */
    public boolean active() {
        return requestId != null;
    }

    /**
     * Starts a request on this thread with the given id; the caller becomes its owner and must call
     * {@link #end()} when its call completes.
     */
    public void begin(String id) {
        this.requestId = id;
    }

    /**
     * The innermost constructor call being recorded on this thread, or null. Constructors cannot be watched
     * for exceptions by advice, so the recorder keeps them here to notice the ones that never returned.
     * Opaque to this class.
     */
    public Object openConstructors() {
        return openConstructors;
    }

    /** Replaces the innermost open constructor call (see {@link #openConstructors()}). */
    public void openConstructors(Object innermost) {
        this.openConstructors = innermost;
    }

    /**
     * Makes {@code id} (or no request, for null) current on this thread, as when work handed off by a request
     * starts running elsewhere; returns the id that was current before.
     */
    public String replace(String id) {
        String previous = requestId;
        requestId = id;
        return previous;
    }

    /** Ends the request started by {@link #begin}. */
    public void end() {
        this.requestId = null;
    }
}
