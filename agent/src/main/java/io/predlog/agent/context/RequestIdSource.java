package io.predlog.agent.context;

/**
 * Where a request that starts without an inbound id gets its id: from a trace already in progress on the
 * thread (an OpenTelemetry span, {@code otel.OpenTelemetryTraceIds}), else {@link RequestIds#generate}.
 * The recorder calls {@link #newRequestId} wherever it would generate one.
 */
public final class RequestIdSource {

    /** A trace already in progress on the calling thread; must be cheap and must never throw. */
    public interface Ambient {
        /** The id the request should take (32 lowercase hex, the W3C trace-id form), or null: generate one. */
        String currentId();
    }

    private static volatile Ambient ambient;

    private RequestIdSource() {
    }

    /** Installs the one ambient source (null: none; every new request then gets a generated id). */
    public static void ambient(Ambient source) {
        ambient = source;
    }

    /**
     * The id for a request starting now on this thread: the ambient trace's id if there is one, else a new one,
     * laid out in {@code scratch} first (the calling thread's own, at least {@link RequestIds#LENGTH} bytes).
     */
    public static String newRequestId(byte[] scratch) {
        Ambient source = ambient;
        if (source != null) {
            String id = source.currentId();
            if (id != null) {
                return id;
            }
        }
        return RequestIds.generate(scratch);
    }

    /**
     * Begins a request on {@code context} (the calling thread's) with the id {@link #newRequestId} would give: the
     * ambient trace's, else a generated one held as two numbers ({@link RequestContext#beginGenerated}), whose
     * text is made only if something asks for it.
     */
    public static void beginRequest(RequestContext context) {
        Ambient source = ambient;
        if (source != null) {
            String id = source.currentId();
            if (id != null) {
                context.begin(id);
                return;
            }
        }
        context.beginGenerated();
    }
}
