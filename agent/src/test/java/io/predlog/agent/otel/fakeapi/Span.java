package io.predlog.agent.otel.fakeapi;

/**
 * The shape of OpenTelemetry's {@code io.opentelemetry.api.trace.Span} that predlog relies on: a static
 * {@code current()}, and {@code getSpanContext().getTraceId()}; implementations are not public, as in the real API.
 */
public interface Span {

    /** The span the test made current on this thread (null: the invalid span). */
    ThreadLocal<Span> CURRENT = new ThreadLocal<>();

    static Span current() {
        Span span = CURRENT.get();
        return span == null ? withTraceId("00000000000000000000000000000000") : span;
    }

    /** A span whose context has this trace id (null: {@code getSpanContext} throws). */
    static Span withTraceId(String traceId) {
        return () -> {
            if (traceId == null) {
                throw new IllegalStateException("broken span");
            }
            return () -> traceId;
        };
    }

    SpanContext getSpanContext();
}
