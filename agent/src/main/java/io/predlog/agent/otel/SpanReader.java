package io.predlog.agent.otel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Reads the trace id of the current span through one copy of the OpenTelemetry API:
 * {@code Span.current().getSpanContext().getTraceId()}, composed into a single method handle. Only the API's
 * public interfaces are used (implementations such as {@code AutoValue_ImmutableSpanContext} are not public), and
 * nothing is linked: the class is found in the loader that holds it.
 *
 * @param spanType      the {@code Span} interface of that copy of the API, for diagnostics
 * @param currentTraceId {@code () -> String}
 */
record SpanReader(String spanType, MethodHandle currentTraceId) {

    /** The W3C trace-id length. */
    static final int TRACE_ID_LENGTH = 32;

    /**
     * The reader for the API whose {@code Span} and {@code SpanContext} interfaces have these names, as
     * {@code loader} sees them (null: the bootstrap loader, where the OpenTelemetry javaagent puts its relocated
     * copy). Null when that loader does not see them or they lack the methods. Does not initialise the classes;
     * the first {@link #traceId()} does, as the application's own first call would.
     */
    static SpanReader find(String spanName, String spanContextName, ClassLoader loader) {
        try {
            Class<?> span = Class.forName(spanName, false, loader);
            Class<?> spanContext = Class.forName(spanContextName, false, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle current = lookup.findStatic(span, "current", MethodType.methodType(span));
            MethodHandle context = lookup.findVirtual(span, "getSpanContext", MethodType.methodType(spanContext));
            MethodHandle traceId = lookup.findVirtual(spanContext, "getTraceId", MethodType.methodType(String.class));
            return new SpanReader(spanName,
                    MethodHandles.filterReturnValue(MethodHandles.filterReturnValue(current, context), traceId));
        } catch (ReflectiveOperationException | LinkageError | SecurityException absent) {
            return null;
        }
    }

    /** The current span's trace id if that span is valid, else null. Throws what the API throws. */
    String traceId() throws Throwable {
        String id = (String) currentTraceId.invokeExact();
        return isValidTraceId(id) ? id : null;
    }

    /**
     * Whether this is a valid W3C trace id: 32 lowercase hex characters, not all zero (the API's invalid span,
     * {@code Span.current()} outside any span, has the all-zero id).
     */
    static boolean isValidTraceId(String id) {
        if (id == null || id.length() != TRACE_ID_LENGTH) {
            return false;
        }
        boolean allZero = true;
        for (int i = 0; i < TRACE_ID_LENGTH; i++) {
            char c = id.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
            if (c != '0') {
                allZero = false;
            }
        }
        return !allZero;
    }
}
