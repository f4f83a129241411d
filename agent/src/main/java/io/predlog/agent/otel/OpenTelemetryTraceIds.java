package io.predlog.agent.otel;

import io.predlog.agent.context.RequestIdSource;
import io.predlog.agent.context.WeakIdentityMap;
import io.predlog.agent.diagnostics.Diagnostics;

import java.util.Set;

/**
 * Gives a request that starts inside an OpenTelemetry span that span's trace id as its request id, so that
 * predlog's events and the service's traces join on one id. Two routes, both read
 * {@code Span.current().getSpanContext().getTraceId()} through method handles, never linked:
 * <ul>
 *   <li><b>The OpenTelemetry javaagent</b>: its relocated copy of the API,
 *       {@code io.opentelemetry.javaagent.shaded.io.opentelemetry.api.trace.Span}, which it puts on the bootstrap
 *       class path. It sees the agent's own spans (HTTP servers, {@code methods} instrumentation, …) and, since the
 *       agent bridges the application's API to its context, the spans the application starts too.</li>
 *   <li><b>The application's API</b> ({@code io.opentelemetry.api.trace.Span}), through the thread's context class
 *       loader: an application with its own SDK and no javaagent, or the javaagent with its API bridge turned
 *       off.</li>
 * </ul>
 * A route is used only once its {@code Span} class has been loaded ({@link #classLoaded}, from
 * {@code instrument.ClassLoadWatch}): until then no span can be current, and predlog neither loads nor
 * initialises an OpenTelemetry class. Without OpenTelemetry, {@link #currentId()} is one volatile read.
 */
public final class OpenTelemetryTraceIds implements RequestIdSource.Ambient {

    /** The javaagent's relocated API, on the bootstrap class path (opentelemetry-javaagent 1.x and 2.x). */
    static final String AGENT_PREFIX = "io.opentelemetry.javaagent.shaded.";
    static final String API_SPAN = "io.opentelemetry.api.trace.Span";
    static final String API_SPAN_CONTEXT = "io.opentelemetry.api.trace.SpanContext";
    /** The class names whose loading {@link #classLoaded} wants to hear of. */
    public static final Set<String> WATCHED = Set.of(AGENT_PREFIX + API_SPAN, API_SPAN);

    private static final Object NONE = new Object();

    private final String agentSpan;
    private final String agentSpanContext;
    private final String apiSpan;
    private final String apiSpanContext;

    /** Whether either {@code Span} class has been loaded: the one check when OpenTelemetry is absent. */
    private volatile boolean seen;
    private volatile boolean agentLoaded;
    private volatile boolean apiLoaded;
    /** The javaagent's reader once resolved; {@link #NONE} when it could not be. */
    private volatile Object agentReader;
    /** Loaders that defined the application's {@code Span} (values unused). */
    private final WeakIdentityMap<Boolean> apiLoaders = new WeakIdentityMap<>();
    /** The application API's reader (or {@link #NONE}) per context class loader; replaced when a loader starts. */
    private volatile WeakIdentityMap<Object> apiReaders = new WeakIdentityMap<>();

    /** Reads the OpenTelemetry javaagent's and the application's API. */
    public OpenTelemetryTraceIds() {
        this(AGENT_PREFIX + API_SPAN, AGENT_PREFIX + API_SPAN_CONTEXT, API_SPAN, API_SPAN_CONTEXT);
    }

    /** Reads API copies with these names (tests use a fake API). */
    OpenTelemetryTraceIds(String agentSpan, String agentSpanContext, String apiSpan, String apiSpanContext) {
        this.agentSpan = agentSpan;
        this.agentSpanContext = agentSpanContext;
        this.apiSpan = apiSpan;
        this.apiSpanContext = apiSpanContext;
    }

    /**
     * A watched class was loaded by this loader (null: bootstrap). Called on the loading thread, before the class
     * is defined: records the fact only, loads nothing.
     */
    public void classLoaded(String className, ClassLoader loader) {
        if (agentSpan.equals(className)) {
            if (loader == null) { // the javaagent's copy lives in the bootstrap loader, nowhere else
                agentLoaded = true;
                seen = true;
            }
        } else if (apiSpan.equals(className)) {
            apiLoaders.put(loader == null ? ClassLoader.getSystemClassLoader() : loader, Boolean.TRUE);
            apiReaders = new WeakIdentityMap<>(); // loaders that saw no API before may see it now
            apiLoaded = true;
            seen = true;
        }
    }

    /** The current span's trace id, when a valid span is current on this thread; else null. Never throws. */
    @Override
    public String currentId() {
        if (!seen) {
            return null;
        }
        try {
            if (agentLoaded) {
                SpanReader agent = agentReader();
                String id = agent == null ? null : agent.traceId();
                if (id != null) {
                    return id;
                }
            }
            if (!apiLoaded) {
                return null;
            }
            SpanReader api = apiReader(Thread.currentThread().getContextClassLoader());
            return api == null ? null : api.traceId();
        } catch (Throwable t) {
            Diagnostics.failure("otel.trace_id", t);
            return null;
        }
    }

    private SpanReader agentReader() {
        Object reader = agentReader;
        if (reader == null) {
            reader = SpanReader.find(agentSpan, agentSpanContext, null);
            if (reader == null) {
                reader = NONE;
                Diagnostics.warn("the OpenTelemetry javaagent is attached, but its current span cannot be read ("
                        + agentSpan + "); requests started inside its spans get generated ids");
            }
            agentReader = reader;
        }
        return reader == NONE ? null : (SpanReader) reader;
    }

    private SpanReader apiReader(ClassLoader threadLoader) {
        ClassLoader loader = threadLoader == null ? ClassLoader.getSystemClassLoader() : threadLoader;
        WeakIdentityMap<Object> readers = apiReaders;
        Object reader = readers.get(loader);
        if (reader == null) {
            reader = started(loader) ? SpanReader.find(apiSpan, apiSpanContext, loader) : null;
            if (reader == null) {
                reader = NONE;
            }
            readers.put(loader, reader);
        }
        return reader == NONE ? null : (SpanReader) reader;
    }

    /** Whether this loader or one of its parents (which it then sees) defined the application's Span. */
    private boolean started(ClassLoader loader) {
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (apiLoaders.get(l) != null) {
                return true;
            }
        }
        return false;
    }
}
