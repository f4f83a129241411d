package io.predlog.agent.context;

import java.util.BitSet;

/**
 * The request that the current thread is working on. One instance per thread, reused for the thread's life:
 * opening and closing a request costs no allocation beyond the id.
 *
 * <p>The first call to open a scope on a thread with no request starts one ("owns" it); nested calls share
 * its id; the owner's close ends it, so a pooled thread carries no id into its next task.
 */
public final class RequestContext {

    private static final ThreadLocal<RequestContext> CURRENT = ThreadLocal.withInitial(RequestContext::new);
    private static volatile Observer observer;

    private String requestId;
    /** Where a new request id's characters are laid out ({@link RequestIdSource#newRequestId(byte[])}). */
    private final byte[] idScratch = new byte[RequestIds.LENGTH];
    private Object openConstructors;
    private Object observerState;
    private Object spareScope;
    /** The agent's own thread (the metrics endpoint's): its calls are never recorded. */
    private boolean agentThread;
    /** Targets 0-63 with a call in progress on this thread (bit i: target i). */
    private long activeTargets;
    /** Targets from 64 up with a call in progress on this thread; null until one is needed. */
    private BitSet moreActiveTargets;

    /**
     * Told whenever a thread's request changes (one starts, ends, or is carried in by handed-off work), on that
     * thread: the application's logging context follows the request this way ({@code logs.LogCorrelation}).
     */
    public interface Observer {
        /**
         * @param context  the thread's context; {@link #observerState()} is the observer's to use
         * @param previous the id that was current, or null
         * @param current  the id now current, or null
         */
        void changed(RequestContext context, String previous, String current);
    }

    /** Installs the one observer of request changes (null: none). */
    public static void observe(Observer newObserver) {
        observer = newObserver;
    }

    private RequestContext() {
    }

    /** This thread's scratch for a new request id: see {@link RequestIdSource#newRequestId(byte[])}. */
    public byte[] idScratch() {
        return idScratch;
    }

    /** The calling thread's context. */
    public static RequestContext current() {
        return CURRENT.get();
    }

    /**
     * Marks the calling thread as the agent's own, for threads of the agent that run code the agent instruments
     * (the metrics endpoint serves on the JDK's {@code HttpServer}, whose handlers {@code predlog.http.servers}
     * records): their calls must not be recorded as the application's requests.
     */
    public static void markAgentThread() {
        CURRENT.get().agentThread = true;
    }

    /** Whether this is the agent's own thread ({@link #markAgentThread}). */
    public boolean agentThread() {
        return agentThread;
    }

    /**
     * Marks a call of target {@code id} as in progress on this thread, unless one already is: a call nested in a
     * call of the same target (an override calling {@code super}, an overload delegating to another) is part of
     * the outer one and is not recorded on its own.
     *
     * @return true when this call is the outermost of its target and must {@link #leaveTarget} when it ends
     */
    public boolean enterTarget(int id) {
        if (id < Long.SIZE) {
            long bit = 1L << id;
            if ((activeTargets & bit) != 0) {
                return false;
            }
            activeTargets |= bit;
            return true;
        }
        if (moreActiveTargets == null) {
            moreActiveTargets = new BitSet();
        } else if (moreActiveTargets.get(id)) {
            return false;
        }
        moreActiveTargets.set(id);
        return true;
    }

    /** Ends the outermost call of target {@code id} on this thread ({@link #enterTarget} returned true). */
    public void leaveTarget(int id) {
        if (id < Long.SIZE) {
            activeTargets &= ~(1L << id);
        } else if (moreActiveTargets != null) {
            moreActiveTargets.clear(id);
        }
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
        set(id);
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
        return set(id);
    }

    /**
     * Takes the scope that a call which ended on this thread left for the thread's next call, or null: the recorder
     * reuses it rather than making one per call. Opaque to this class.
     */
    public Object takeSpareScope() {
        Object spare = spareScope;
        if (spare != null) {
            spareScope = null;
        }
        return spare;
    }

    /** Leaves a scope for the thread's next call ({@link #takeSpareScope}). */
    public void spareScope(Object scope) {
        spareScope = scope;
    }

    /** What the observer keeps per thread (e.g. the logging context's values to put back). */
    public Object observerState() {
        return observerState;
    }

    /** Replaces what the observer keeps per thread. */
    public void observerState(Object state) {
        this.observerState = state;
    }

    private String set(String id) {
        String previous = requestId;
        requestId = id;
        Observer o = observer;
        if (o != null && previous != id) {
            try {
                o.changed(this, previous, id);
            } catch (Throwable ignored) {
                // the logging context is a courtesy; the request itself is unaffected
            }
        }
        return previous;
    }

    /** Ends the request started by {@link #begin}. */
    public void end() {
        set(null);
    }
}
